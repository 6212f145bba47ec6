package io.dropwise.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard's deep links ({@code /ui/jobs/{id}}, {@code /ui/models/{name}}, ...) all answer with the one page
 * ({@code static/index.html}); its script reads the path and draws the view. The page is a client of the public API.
 */
@Configuration(proxyBeanMethods = false)
class DashboardRoutes implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/ui").setViewName("forward:/index.html");
        registry.addViewController("/ui/**").setViewName("forward:/index.html");
    }
}
