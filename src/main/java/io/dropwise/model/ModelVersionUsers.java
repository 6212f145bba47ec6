package io.dropwise.model;

import java.util.Collection;
import java.util.List;

/**
 * What will still read model versions it pinned, such as a batch prediction not yet finished: deleting such a version
 * (or its model) is refused, so that a pinned version never vanishes under it nor, once the name is registered
 * anew, turns into another model with the same number.
 */
public interface ModelVersionUsers {

    /** Ids of the unfinished owners that pinned one of {@code versions} of {@code name}, oldest first. */
    List<String> pinning(String name, Collection<Integer> versions);
}
