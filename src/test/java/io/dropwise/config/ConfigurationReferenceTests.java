package io.dropwise.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration reference in {@code docs/operations.md} is generated from the {@code @ConfigurationProperties}
 * metadata that {@code spring-boot-configuration-processor} writes at compile time: one row per {@code dropwise.*}
 * property with its default and the {@code @param} Javadoc of its record component. A property added, renamed or
 * given another default without the table following fails here, with the line to write.
 */
class ConfigurationReferenceTests {

    static final Path OPERATIONS = Path.of("docs", "operations.md");
    static final String START = "<!-- configuration-reference:start";
    static final String END = "<!-- configuration-reference:end -->";
    private static final String HEADER = "| property | default | meaning |";
    private static final Pattern ROW = Pattern.compile("^\\| `(dropwise\\.[^`]+)` \\|([^|]*)\\|");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** One {@code dropwise.*} property of the metadata. */
    record Property(String name, String defaultValue, String description) {

        String row() {
            String value = defaultValue == null ? "none" : "`" + defaultValue + "`";
            return "| `" + name + "` | " + value + " | " + description + " |";
        }
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        List<String> undocumented = properties().values().stream()
                .filter(p -> p.description().isBlank())
                .map(Property::name)
                .toList();
        assertThat(undocumented)
                .as("properties without a description: add an @param line for the record component "
                        + "to the Javadoc of its @ConfigurationProperties record")
                .isEmpty();
    }

    @Test
    void theOperationsTableListsExactlyTheMetadataProperties() throws IOException {
        Map<String, Property> properties = properties();
        List<String> expected = properties.values().stream().map(Property::row).toList();
        List<String> actual = table(Files.readAllLines(OPERATIONS));
        List<String> problems = new ArrayList<>();
        Map<String, String> actualByName = new LinkedHashMap<>();
        for (String line : actual) {
            Matcher row = ROW.matcher(line);
            String name = row.find() ? row.group(1) : line;
            actualByName.put(name, line);
            if (!properties.containsKey(name)) {
                problems.add(
                        "remove the row of " + name + ": no @ConfigurationProperties record declares it\n  " + line);
            }
        }
        for (Property property : properties.values()) {
            String line = actualByName.get(property.name());
            if (line == null) {
                problems.add("add this row for " + property.name() + ":\n  " + property.row());
            } else if (!line.equals(property.row())) {
                problems.add("replace the row of " + property.name() + "\n  " + line + "\nwith\n  " + property.row());
            }
        }
        if (problems.isEmpty() && !actual.equals(expected)) {
            problems.add("order the rows by property name");
        }
        assertThat(problems)
                .as(
                        "%s, the table between '%s' and '%s' is generated from the @ConfigurationProperties metadata "
                                + "(the record's Javadoc @param and @DefaultValue). Fix:%n%s%n%nThe whole table:%n%s%n%s%n",
                        OPERATIONS,
                        START,
                        END,
                        String.join("\n", problems),
                        HEADER + "\n|---|---|---|",
                        String.join("\n", expected))
                .isEmpty();
    }

    @Test
    void theReadmeSettingsHaveTheirRealDefaults() throws IOException {
        Map<String, Property> properties = properties();
        List<String> problems = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            Property property = properties.get(row.group(1));
            Matcher code = CODE.matcher(row.group(2));
            Optional<String> shown = code.find() ? Optional.of(code.group(1)) : Optional.empty();
            if (property == null) {
                problems.add(row.group(1) + ": no such property");
            } else if (!shown.equals(Optional.ofNullable(property.defaultValue()))) {
                problems.add(row.group(1) + ": default " + shown.orElse("none") + ", the code says "
                        + Optional.ofNullable(property.defaultValue()).orElse("none"));
            }
        }
        assertThat(problems).as("README.md's 'Settings people change' table").isEmpty();
    }

    /** The {@code dropwise.*} properties of this build's metadata, by name. */
    static Map<String, Property> properties() throws IOException {
        JsonNode metadata = metadata();
        Map<String, Property> properties = new java.util.TreeMap<>();
        for (JsonNode p : metadata.path("properties")) {
            String name = p.path("name").asString();
            if (name.startsWith("dropwise.")) {
                JsonNode value = p.path("defaultValue");
                String defaultValue = value.isMissingNode() || value.isNull()
                        ? null
                        : value.isString() ? value.asString() : value.toString();
                properties.put(
                        name,
                        new Property(
                                name,
                                defaultValue,
                                markdown(p.path("description").asString(""))));
            }
        }
        return properties;
    }

    private static JsonNode metadata() throws IOException {
        for (URL url : Collections.list(ConfigurationReferenceTests.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode node = JsonMapper.shared().readTree(in);
                if (node.path("groups").toString().contains("\"dropwise.")) {
                    return node;
                }
            }
        }
        throw new AssertionError("No META-INF/spring-configuration-metadata.json with dropwise.* properties on the "
                + "classpath: is spring-boot-configuration-processor in the compiler's annotationProcessorPaths?");
    }

    /** The Javadoc description as Markdown for a table cell. */
    static String markdown(String javadoc) {
        return javadoc.replaceAll("\\{@(?:code|link) ([^}]*)}", "`$1`")
                .replaceAll("</?em>", "*")
                .replaceAll("\\s+", " ")
                .replace("|", "\\|")
                .trim();
    }

    /** The data rows of the generated table. */
    static List<String> table(List<String> lines) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(START)) {
                start = i;
            } else if (lines.get(i).startsWith(END)) {
                end = i;
            }
        }
        if (start < 0 || end < start) {
            throw new AssertionError(OPERATIONS + " has lost its '" + START + " … -->' and '" + END + "' markers");
        }
        return lines.subList(start + 1, end).stream()
                .filter(l -> ROW.matcher(l).find())
                .toList();
    }
}
