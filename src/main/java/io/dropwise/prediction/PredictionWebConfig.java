package io.dropwise.prediction;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.ObjectMapper;

/** Registers {@link PredictCallResolver}. */
@Configuration(proxyBeanMethods = false)
class PredictionWebConfig implements WebMvcConfigurer {

    private final ObjectMapper json;

    PredictionWebConfig(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new PredictCallResolver(json));
    }
}
