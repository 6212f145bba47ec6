package io.dropwise.prediction;

import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.List;
import org.springframework.http.HttpStatus;

/** 400: the instances do not fit the model (count, names, values). Lists every problem and what is expected. */
class InvalidInstancesException extends ApiException {

    InvalidInstancesException(String detail, List<FieldProblem> errors, Object expected) {
        super(HttpStatus.BAD_REQUEST, "invalid-instances", "Invalid instances", detail);
        with("errors", errors);
        if (expected != null) {
            with("expected", expected);
        }
    }
}
