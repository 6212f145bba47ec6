package io.dropwise.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code {v}} segment of a model path: a version number, {@code latest}, or an alias name. An alias starts with
 * a letter, so it never reads as a number, and {@code latest} is reserved.
 */
public record VersionSelector(Kind kind, int number, String alias) {

    public enum Kind {
        LATEST,
        NUMBER,
        ALIAS
    }

    public static final String LATEST_NAME = "latest";
    public static final VersionSelector LATEST = new VersionSelector(Kind.LATEST, 0, null);

    static final Pattern ALIAS_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

    public static VersionSelector number(int version) {
        return new VersionSelector(Kind.NUMBER, version, null);
    }

    /**
     * Reads a path segment. Anything that is neither a number, {@code latest} nor a well-formed alias name can
     * never match a version, so it is a 404 like any unknown alias.
     */
    public static VersionSelector parse(String segment, String modelName) {
        if (segment == null || segment.isEmpty() || LATEST_NAME.equals(segment.toLowerCase(Locale.ROOT))) {
            return LATEST;
        }
        if (NUMBER.matcher(segment).matches()) {
            return number(Integer.parseInt(segment));
        }
        if (ALIAS_NAME.matcher(segment).matches()) {
            return new VersionSelector(Kind.ALIAS, 0, segment);
        }
        throw new ModelVersionNotFoundException(modelName, segment);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LATEST -> LATEST_NAME;
            case NUMBER -> Integer.toString(number);
            case ALIAS -> alias;
        };
    }
}
