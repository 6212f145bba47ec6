package io.dropwise.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.JsonNode;

/**
 * The routes of the running application ({@code "METHOD /path"}, path variables as {@code {name}}), as its handler
 * mapping knows them, as its OpenAPI document lists them, and as the {@code http-requests/} files call them.
 */
public final class Routes {

    public static final Path HTTP_REQUESTS = Path.of("http-requests");

    private static final Pattern REQUEST_LINE =
            Pattern.compile("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \\{\\{baseUrl}}(\\S*)");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{[^}]+}}");

    private Routes() {}

    /** Every method and path pattern of the application's own controllers (not springdoc's, not /error). */
    public static SortedSet<String> mapped(ApplicationContext context) {
        RequestMappingHandlerMapping mapping =
                context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        SortedSet<String> routes = new TreeSet<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("io.dropwise")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                info.getMethodsCondition().getMethods().forEach(m -> routes.add(m.name() + " " + pattern));
            }
        });
        return routes;
    }

    /** Every method and path of an OpenAPI document. */
    public static SortedSet<String> documented(JsonNode openApi) {
        SortedSet<String> routes = new TreeSet<>();
        openApi.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .propertyNames()
                        .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return routes;
    }

    /** The request lines of the {@code .http} files: method and path, query dropped, {@code {{vars}}} as "x". */
    public static List<String> httpRequests() {
        List<String> requests = new ArrayList<>();
        try (Stream<Path> files = Files.list(HTTP_REQUESTS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher m = REQUEST_LINE.matcher(line);
                    if (m.find()) {
                        String path = VARIABLE.matcher(m.group(2).replaceFirst("\\?.*$", ""))
                                .replaceAll("x");
                        requests.add(m.group(1) + " " + path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    /** The routes no request of the {@code .http} files calls; a trailing slash makes no difference. */
    public static SortedSet<String> notCalledByHttpRequests(Set<String> routes) {
        List<String> requests = httpRequests();
        SortedSet<String> missing = new TreeSet<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            var pattern = PathPatternParser.defaultInstance.parse(trimSlash(route.substring(method.length() + 1)));
            boolean called = requests.stream()
                    .anyMatch(r -> r.startsWith(method + " ")
                            && pattern.matches(PathContainer.parsePath(trimSlash(r.substring(method.length() + 1)))));
            if (!called) {
                missing.add(route);
            }
        }
        return missing;
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
