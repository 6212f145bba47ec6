package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The problem types the OpenAPI document shows ({@link ApiProblems}) are the ones the code throws, with the same
 * status and title: read from the sources, so a renamed type or title, or a new one, fails here.
 */
class ApiProblemsTests {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "dropwise");
    private static final Pattern THROWN =
            Pattern.compile("HttpStatus\\.([A-Z_]+),\\s*\"([a-z0-9-]+)\",\\s*\"([^\"]+)\"");
    private static final Pattern DATASET =
            Pattern.compile("new InvalidDatasetException\\(\"([a-z0-9-]+)\",\\s*\"([^\"]+)\"");
    private static final Pattern WRITTEN =
            Pattern.compile("HttpStatus\\.([A-Z_]+),\\s*ProblemTypes\\.([A-Z_]+),\\s*\"([^\"]+)\"");

    record Thrown(int status, String slug, String title, Path file) {}

    @Test
    void everyProblemTheCodeThrowsIsInApiProblemsWithItsStatusAndTitle() throws IOException {
        List<Thrown> thrown = thrown();
        assertThat(thrown)
                .extracting(Thrown::slug)
                .contains("job-not-found", "queue-full", "invalid-csv", "unauthorized");
        List<String> faults = new ArrayList<>();
        for (Thrown t : thrown) {
            ApiProblems.Problem problem = ApiProblems.all().stream()
                    .filter(p -> p.slug().equals(t.slug()))
                    .findFirst()
                    .orElse(null);
            if (problem == null) {
                faults.add(t.file() + " throws '" + t.slug() + "' (" + t.status() + ", \"" + t.title()
                        + "\"): add it to web/ApiProblems and to the routes of web/ApiRouteTable that answer it");
            } else if (problem.status() != t.status() || !problem.title().equals(t.title())) {
                faults.add(t.file() + " throws '" + t.slug() + "' as " + t.status() + " \"" + t.title()
                        + "\"; web/ApiProblems says " + problem.status() + " \"" + problem.title() + "\"");
            }
        }
        assertThat(faults).isEmpty();
    }

    @Test
    void everyProblemOfApiProblemsIsStillAnswered() throws IOException {
        List<String> documentation =
                List.of("ApiProblems.java", "ConflictProblems.java", "ApiRoutes.java", "ApiRouteTable.java");
        String sources = sources()
                .filter(f -> !(f.getParent().endsWith("web")
                        && documentation.contains(f.getFileName().toString())))
                .map(ApiProblemsTests::read)
                .reduce("", String::concat);
        List<String> gone = ApiProblems.all().stream()
                .map(ApiProblems.Problem::slug)
                .filter(slug -> !sources.contains("\"" + slug + "\""))
                .toList();
        assertThat(gone)
                .as("problem types of web/ApiProblems no code answers with any more: remove them there "
                        + "and from web/ApiRouteTable")
                .isEmpty();
    }

    private static List<Thrown> thrown() throws IOException {
        List<Thrown> thrown = new ArrayList<>();
        for (Path file : sources().toList()) {
            String text = read(file);
            Matcher m = THROWN.matcher(text);
            while (m.find()) {
                thrown.add(new Thrown(HttpStatus.valueOf(m.group(1)).value(), m.group(2), m.group(3), file));
            }
            m = DATASET.matcher(text);
            while (m.find()) {
                thrown.add(new Thrown(400, m.group(1), m.group(2), file));
            }
            m = WRITTEN.matcher(text);
            while (m.find()) {
                String slug = m.group(2).toLowerCase(Locale.ROOT).replace('_', '-');
                thrown.add(new Thrown(HttpStatus.valueOf(m.group(1)).value(), slug, m.group(3), file));
            }
        }
        return thrown;
    }

    private static Stream<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList().stream();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
