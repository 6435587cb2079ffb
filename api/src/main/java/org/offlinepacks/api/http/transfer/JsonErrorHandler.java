package org.offlinepacks.api.http.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Errors Jetty answers itself (a request line or headers it cannot parse, 414, 431, bad
 * percent-encoding) get the same {@code {error, message}} JSON as every other answer, not HTML.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private final TransferConventions conventions;

    public JsonErrorHandler(TransferConventions conventions) {
        this.conventions = conventions;
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        return ByteBuffer.wrap(conventions.json(body(status, reason)));
    }

    @Override
    protected void generateAcceptableResponse(
            Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        byte[] json = conventions.json(body(code, message));
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private Object body(int status, String reason) {
        String code = HttpStatus.getMessage(status)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return conventions
                .error(status, code, "the request could not be read: " + message)
                .body();
    }
}
