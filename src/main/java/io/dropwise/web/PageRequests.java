package io.dropwise.web;

import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** The one check of {@code ?page=&size=} on every list endpoint. */
public final class PageRequests {

    public static final int MAX_SIZE = 100;

    private PageRequests() {}

    /**
     * A page request, or a 400 naming every bad parameter. The offset {@code page * size} must fit in an int: JPA's
     * {@code setFirstResult} takes one, so a larger page would fail inside the query instead of here.
     *
     * @throws ValidationException when page is negative, size outside 1..{@value #MAX_SIZE}, or the offset too large
     */
    public static PageRequest of(int page, int size, Sort sort) {
        return of(page, size, sort, new ArrayList<>());
    }

    /** {@link #of(int, int, Sort)} that also reports {@code errors} found by the caller (e.g. a bad filter). */
    public static PageRequest of(int page, int size, Sort sort, List<FieldProblem> errors) {
        List<FieldProblem> all = new ArrayList<>(errors);
        if (page < 0) {
            all.add(new FieldProblem("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_SIZE) {
            all.add(new FieldProblem("size", "must be between 1 and " + MAX_SIZE));
        } else if (page >= 0 && (long) page * size > Integer.MAX_VALUE) {
            all.add(new FieldProblem(
                    "page",
                    "must be at most " + Integer.MAX_VALUE / size + " with size " + size
                            + " (there are never that many items)"));
        }
        ValidationException.throwIfAny(all);
        return PageRequest.of(page, size, sort);
    }
}
