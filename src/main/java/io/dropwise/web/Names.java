package io.dropwise.web;

import java.util.regex.Pattern;

/** The one rule for user-chosen names (datasets, models a job registers): safe in a URL path and a log line. */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** What {@link #RULE} says, as a field problem's message. */
    public static final String RULE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
