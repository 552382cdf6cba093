package dev.microledger.query.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;

/**
 * Serves the dashboard: {@code /} is its page, {@code /dashboard/**} its scripts and styles
 * (from {@code classpath:/dashboard/}), {@code /webjars/**} the chart library's WebJar. These
 * are the only files the service serves (Spring Boot's own static mappings stay off), so every
 * other unknown path is still a problem+json 404.
 */
@Configuration
class DashboardResources implements WebMvcConfigurer {

    /** WebJar paths carry their version, so a browser may keep them; a new version is a new path. */
    private static final Duration WEBJAR_CACHE = Duration.ofDays(365);

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // The dashboard's own files change with the service, without a version in their paths.
        registry.addResourceHandler("/dashboard/**")
                .addResourceLocations("classpath:/dashboard/")
                .setCacheControl(CacheControl.noCache());
        registry.addResourceHandler("/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(CacheControl.maxAge(WEBJAR_CACHE).cachePublic());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("forward:/dashboard/index.html");
    }
}
