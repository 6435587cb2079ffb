package org.offlinepacks.api.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this process names itself in leases and jobs: host and process id, e.g. {@code node-3:41207}. */
public final class NodeName {
    private NodeName() {}

    public static String local() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
