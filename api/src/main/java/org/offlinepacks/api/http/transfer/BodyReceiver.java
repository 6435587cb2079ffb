package org.offlinepacks.api.http.transfer;

import java.io.IOException;

/**
 * Takes a request body as it arrives, a few kilobytes at a time, without a thread waiting for the
 * next bytes in between (see {@link Exchange#receive}).
 */
public interface BodyReceiver {
    void accept(byte[] bytes, int offset, int length) throws IOException;

    /** Every byte of the body arrived: answer the request. */
    void complete(Exchange exchange) throws Exception;

    /**
     * The body will not arrive whole: the client went away, was too slow or sent more than allowed,
     * or {@link #accept} failed. Keep or drop what came; the answer, if any, is not this method's.
     */
    void abandon(Throwable cause);
}
