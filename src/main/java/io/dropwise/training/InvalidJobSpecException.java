package io.dropwise.training;

import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/** A job spec with invalid fields: 400 with {@code errors[]} naming each field and what to change. */
class InvalidJobSpecException extends ApiException {

    InvalidJobSpecException(List<FieldProblem> errors) {
        super(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        with("errors", List.copyOf(errors));
    }
}
