package io.dropwise.model;

import io.dropwise.config.BundleLimitsProperties;
import io.dropwise.model.ModelViews.ModelVersionView;
import io.dropwise.web.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Models in and out: {@code GET /models/{name}/versions/{version}/export?format=onnx|dropwise} and
 * {@code POST /models/{name}/versions} with a native bundle as the body.
 */
@RestController
@RequestMapping("/models")
class ModelTransferController {

    private final ModelExports exports;
    private final ModelImports imports;
    private final ModelRegistry registry;
    private final BundleLimitsProperties limits;

    ModelTransferController(
            ModelExports exports, ModelImports imports, ModelRegistry registry, BundleLimitsProperties limits) {
        this.exports = exports;
        this.imports = imports;
        this.registry = registry;
        this.limits = limits;
    }

    @GetMapping("/{name}/versions/{version}/export")
    void export(
            @PathVariable String name,
            @PathVariable String version,
            @RequestParam(required = false) String format,
            HttpServletResponse response)
            throws IOException {
        VersionSelector selector = VersionSelector.parse(version, name);
        if ("onnx".equals(format)) {
            byte[] onnx = exports.onnx(name, selector);
            send(response, name + "-" + version + ".onnx", onnx.length);
            response.getOutputStream().write(onnx);
        } else if ("dropwise".equals(format)) {
            ModelBundle.Parts parts = exports.bundle(name, selector);
            send(response, name + "-" + version + ".dropwise", -1);
            OutputStream out = response.getOutputStream();
            ModelBundle.write(out, parts);
        } else {
            throw ValidationException.of(
                    "format",
                    "must be 'onnx' (an ONNX model) or 'dropwise' (the native bundle), got "
                            + (format == null ? "none" : "'" + format + "'"));
        }
    }

    /**
     * The body is read as a bundle whatever its {@code Content-Type} (documented as {@code application/octet-stream}):
     * anything else fails the bundle's magic number with a 400 that says so.
     */
    @PostMapping("/{name}/versions")
    ResponseEntity<ModelVersionView> importVersion(@PathVariable String name, HttpServletRequest request)
            throws IOException {
        long declared = request.getContentLengthLong();
        long max = declared > 0 ? Math.min(declared, limits.maxBundleBytes()) : limits.maxBundleBytes();
        ModelBundle.Parts parts;
        try {
            parts = ModelBundle.read(request.getInputStream(), max);
        } catch (ModelBundle.BundleException e) {
            throw e.unsupportedVersion
                    ? ModelImports.unsupported(e.getMessage())
                    : ModelImports.invalid(e.getMessage());
        }
        ModelVersionRef ref = imports.importBundle(name, parts);
        ModelVersionView view =
                registry.describeVersion(name, VersionSelector.parse(Integer.toString(ref.version()), name));
        return ResponseEntity.created(URI.create("/models/" + name + "/versions/" + ref.version()))
                .body(view);
    }

    private static void send(HttpServletResponse response, String fileName, long length) {
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
    }
}
