package io.dropwise.training;

import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;

class JobNotFoundException extends ApiException {

    JobNotFoundException(String jobId) {
        super(
                HttpStatus.NOT_FOUND,
                "job-not-found",
                "Job not found",
                "No job with id '" + jobId + "'. GET /jobs lists the jobs.");
    }
}
