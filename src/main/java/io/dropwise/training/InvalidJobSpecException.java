package io.dropwise.training;

import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.web.ValidationException;
import java.util.List;

/** A job spec with invalid fields (and only that): 400 with {@code errors[]} naming each field and what to change. */
class InvalidJobSpecException extends ValidationException {

    private final List<FieldProblem> errors;

    InvalidJobSpecException(List<FieldProblem> errors) {
        super(errors);
        this.errors = List.copyOf(errors);
    }

    List<FieldProblem> errors() {
        return errors;
    }
}
