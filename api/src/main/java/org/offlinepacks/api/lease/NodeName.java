package org.offlinepacks.api.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How this process names itself in leases and jobs: host and process id, e.g. {@code node-3:41207},
 * so that an operator (or a test) can tell which process holds a job.
 */
public final class NodeName {
    private static final String LOCAL = host() + ":" + ProcessHandle.current().pid();

    private NodeName() {}

    public static String local() {
        return LOCAL;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
