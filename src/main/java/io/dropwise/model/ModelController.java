package io.dropwise.model;

import io.dropwise.model.ModelViews.AliasRequest;
import io.dropwise.model.ModelViews.AliasView;
import io.dropwise.model.ModelViews.ModelSummaryView;
import io.dropwise.model.ModelViews.ModelVersionView;
import io.dropwise.model.ModelViews.ModelView;
import io.dropwise.web.ApiException;
import io.dropwise.web.PageRequests;
import io.dropwise.web.PageView;
import io.dropwise.web.ValidationException;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /models}: registered models, their versions and aliases. */
@RestController
@RequestMapping("/models")
class ModelController {

    private final ModelRegistry registry;

    ModelController(ModelRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    PageView<ModelSummaryView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return PageView.of(registry.list(PageRequests.of(page, size, Sort.by("name"))), m -> m);
    }

    @GetMapping("/{name}")
    ModelView describe(@PathVariable String name) {
        return registry.describe(name);
    }

    @GetMapping("/{name}/versions/{version}")
    ModelVersionView describeVersion(@PathVariable String name, @PathVariable String version) {
        return registry.describeVersion(name, VersionSelector.parse(version, name));
    }

    @PutMapping("/{name}/aliases/{alias}")
    AliasView setAlias(@PathVariable String name, @PathVariable String alias, @RequestBody AliasRequest request) {
        if (request.version() == null || request.version() < 1) {
            throw invalid("version", "the body must name an existing version number, e.g. {\"version\": 3}");
        }
        return registry.setAlias(name, alias, request.version());
    }

    @DeleteMapping("/{name}/aliases/{alias}")
    ResponseEntity<Void> deleteAlias(@PathVariable String name, @PathVariable String alias) {
        registry.deleteAlias(name, alias);
        return ResponseEntity.noContent().build();
    }

    private static ApiException invalid(String field, String message) {
        return ValidationException.of(field, message);
    }
}
