package org.offlinepacks.api.http.transfer;

/** What the transfer side takes from the rest of the service: how errors and JSON bodies look. */
public interface TransferConventions {
    /** The answer to a failed request ({@code request} names it in the log): status, body, headers. */
    Answer answerTo(Throwable error, String request);

    /** An error answer for the transport's own refusals (405, 413, 412, ...). */
    Answer error(int status, String code, String message);

    byte[] json(Object body);
}
