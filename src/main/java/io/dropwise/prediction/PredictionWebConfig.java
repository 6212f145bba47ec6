package io.dropwise.prediction;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.ObjectMapper;

/** Registers {@link PredictCallResolver} and, on Tomcat, the {@link ClientConnection} probe. */
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

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.Valve")
    static class Tomcat {

        @Bean
        TomcatContextCustomizer clientConnectionProbe() {
            return context -> context.getPipeline().addValve(new ClientConnection.Probe());
        }
    }
}
