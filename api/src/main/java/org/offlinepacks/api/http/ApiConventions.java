package org.offlinepacks.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.offlinepacks.api.http.transfer.Answer;
import org.offlinepacks.api.http.transfer.TransferConventions;

/** The service's error answers and JSON, for the routes served on Jetty directly. */
final class ApiConventions implements TransferConventions {
    @Override
    public Answer answerTo(Throwable error, String request) {
        return ErrorMapper.answer(error, request);
    }

    @Override
    public Answer error(int status, String code, String message) {
        return new Answer(status, new ErrorMapper.ErrorBody(code, message));
    }

    @Override
    public byte[] json(Object body) {
        try {
            return ApiJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
