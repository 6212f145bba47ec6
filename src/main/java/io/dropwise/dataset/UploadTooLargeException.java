package io.dropwise.dataset;

import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;

/** 413: the upload is bigger than {@code dropwise.limits.max-upload-bytes}. */
class UploadTooLargeException extends ApiException {

    UploadTooLargeException(long maxBytes) {
        super(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", "The upload is larger than "
                + maxBytes + " bytes (dropwise.limits.max-upload-bytes). Send a smaller CSV.");
        with("maxBytes", maxBytes);
    }
}
