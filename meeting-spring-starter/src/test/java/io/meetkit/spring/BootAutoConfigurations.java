package io.meetkit.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * Spring Boot's own auto-configurations by name, for {@code ApplicationContextRunner}s that must run on Boot 3.5
 * and Boot 4.x: Boot 4 moved most of them into new modules and packages. Each group lists the names of both lines;
 * the ones on the classpath are used, and a group with none fails loudly.
 */
public final class BootAutoConfigurations {

    private BootAutoConfigurations() {}

    /** Servlet web: MVC, dispatcher servlet, HTTP message converters, Jackson. */
    public static AutoConfigurations webMvc() {
        return of(
                List.of(
                        "org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration",
                        "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"),
                List.of(
                        "org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration",
                        "org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration"),
                List.of(
                        "org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration",
                        "org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration"),
                List.of(
                        "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
                        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"));
    }

    /** Spring Security for servlets. */
    public static AutoConfigurations security() {
        return of(
                List.of(
                        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"),
                List.of(
                        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"));
    }

    private static AutoConfigurations of(List<?>... groups) {
        List<Class<?>> classes = new ArrayList<>();
        for (List<?> group : groups) {
            Class<?> found = null;
            for (Object name : group) {
                try {
                    found = Class.forName((String) name, false, BootAutoConfigurations.class.getClassLoader());
                    break;
                } catch (ClassNotFoundException e) {
                    // the other Boot line's name
                }
            }
            if (found == null) {
                throw new IllegalStateException("none of " + group + " is on the test classpath");
            }
            if (!classes.contains(found)) {
                classes.add(found);
            }
        }
        return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
    }
}
