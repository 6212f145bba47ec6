package io.dropwise.security;

import io.dropwise.config.ApiSecurityProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.builders.WebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.core.GrantedAuthorityDefaults;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * API-key security. With {@code dropwise.security.enabled=false} (the embedded default) every request is
 * permitted, as if Spring Security were absent. With {@code true}, {@link ScopePolicy} decides per request.
 *
 * <p>Implements {@link WebSecurityCustomizer} only so that {@code @WebMvcTest} slices pick this configuration up
 * (they include beans of that type) instead of falling back to Spring Boot's default form-login security.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSecurityProperties.class)
class SecurityConfig implements WebSecurityCustomizer {

    @Bean
    SecurityFilterChain apiSecurityFilterChain(
            HttpSecurity http,
            ApiSecurityProperties properties,
            ObjectProvider<ApiKeyService> keys,
            ObjectProvider<ScopePolicy> policies) {
        // stateless JSON API: no sessions, no CSRF tokens (no cookies are ever issued), no login pages
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .securityContext(c -> c.securityContextRepository(ApiKeyAuthenticationFilter.CONTEXTS))
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable());
        if (!properties.enabled()) {
            // keys off: every caller acts with every scope (so the health endpoint shows its details, as it does to
            // an admin key when keys are on)
            http.addFilterBefore(new KeysOffFilter(), AuthorizationFilter.class)
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        ScopePolicy policy = policies.getObject();
        SecurityProblems problems = new SecurityProblems(policy);
        http.addFilterBefore(new ApiKeyAuthenticationFilter(keys.getObject(), problems), AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(a -> a
                        // the original request was authorized already; async (SSE, a body received whole), error
                        // and include (Tomcat's error page on a committed response) dispatches follow it
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR, DispatcherType.INCLUDE)
                        .permitAll()
                        .anyRequest()
                        .access(policy));
        return http.build();
    }

    /** The scope table over the real handler mappings (read once they are all registered). */
    @Bean
    @ConditionalOnBooleanProperty("dropwise.security.enabled")
    ScopePolicy scopePolicy(ListableBeanFactory beans) {
        return new ScopePolicy(
                () -> beans.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                        .values(),
                RouteScopes.TABLE);
    }

    /** Roles are scope authorities as they are ({@code SCOPE_admin}), e.g. for the health endpoint's details. */
    @Bean
    static GrantedAuthorityDefaults grantedAuthorityDefaults() {
        return new GrantedAuthorityDefaults("");
    }

    /** A request the firewall refuses (control characters in a header, an encoded slash...) gets problem+json. */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, ex) -> SecurityProblems.rejected(request, response);
    }

    /** Keys are checked by {@link ApiKeyAuthenticationFilter}; this bean keeps Boot from creating a default user. */
    @Bean
    AuthenticationManager apiKeyAuthenticationManager() {
        return authentication -> {
            throw new ProviderNotFoundException("API keys are checked by the API key filter only");
        };
    }

    @Override
    public void customize(WebSecurity web) {
        // nothing to ignore: every path goes through the filter chain above
    }
}
