package io.dropwise.web;

import static io.dropwise.web.ApiRoutes.MODELS;
import static io.dropwise.web.ApiRoutes.route;

/** The "models in and out" entries of {@link ApiRoutes}: ONNX and native-bundle export, bundle import. */
final class ModelTransferRoutes {

    private static final String MODEL_NAME = "the model's name (a job's `name`, by default its dataset's name)";
    private static final String VERSION = "a version number, `latest` or an alias";
    private static final String CREATED = "the new resource; `Location` names it";

    private ModelTransferRoutes() {}

    static void register() {
        route(
                        "GET",
                        "/models/{name}/versions/{version}/export",
                        MODELS,
                        "exportModelVersion",
                        "Export a version: `format=onnx` (a standard ONNX model of the deterministic network) or "
                                + "`format=dropwise` (the native bundle that POST /models/{name}/versions imports)")
                .ok(200, "The model file (application/octet-stream, with a Content-Disposition file name)")
                .problems("validation", "model-not-found", "model-version-not-found")
                .param("name", MODEL_NAME)
                .param("version", VERSION)
                .param("format", "`onnx` or `dropwise`");
        route(
                        "POST",
                        "/models/{name}/versions",
                        MODELS,
                        "importModelVersion",
                        "Import a native bundle (from `export?format=dropwise`) as the next version of a model; it "
                                + "predicts bit-identically to its source")
                .ok(201, "The new version. " + CREATED, "Location")
                .problems("validation", "invalid-model-bundle", "unsupported-bundle-version", "payload-too-large")
                .consumes("application/octet-stream")
                .param("name", MODEL_NAME);
    }
}
