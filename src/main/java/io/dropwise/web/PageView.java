package io.dropwise.web;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/**
 * One page of a list resource: the items and where they sit in the whole list. A stable JSON shape for every paged
 * endpoint (Spring's {@code Page} serialization is not a contract).
 *
 * @param page the 0-based page number
 * @param size the requested page size
 * @param totalItems the number of items on all pages
 * @param totalPages the number of pages of {@code size} items
 */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public PageView {
        items = List.copyOf(items);
    }

    public static <S, T> PageView<T> of(Page<S> page, Function<? super S, ? extends T> mapper) {
        List<T> items = page.getContent().stream().<T>map(mapper).toList();
        return new PageView<>(items, page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
