package io.meetkit.spring.actuate;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Puts the {@code meetkit} health indicator into Actuator's readiness group, and never into the liveness group: a
 * store that does not answer should take this instance out of the load balancer, not restart it.
 *
 * <p>It adds {@value #READINESS_INCLUDE}{@code =readinessState,meetkit} as a default with the lowest precedence, only
 * when the probe groups exist (on Kubernetes or Cloud Foundry, or with
 * {@code management.endpoint.health.probes.enabled=true}), the indicator is on, and the application does not
 * configure the readiness group itself; {@code management.health.meetkit.readiness=false} leaves the group alone.
 * Registered in {@code META-INF/spring.factories}; stateless and thread-safe.
 */
@SuppressWarnings({"deprecation", "removal"}) // Boot 4 keeps this interface until 4.2, under a new name as well
public final class MeetKitHealthGroups implements EnvironmentPostProcessor, Ordered {

    /** The readiness group's members. */
    public static final String READINESS_INCLUDE = "management.endpoint.health.group.readiness.include";

    /** The name of the property source this adds. */
    static final String SOURCE = "meetkitHealthGroups";

    /** Created by Spring Boot from {@code spring.factories}. */
    public MeetKitHealthGroups() {}

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        ClassLoader loader = getClass().getClassLoader();
        boolean actuator = ClassUtils.isPresent(MeetKitActuatorAutoConfiguration.Boot3Health.INDICATOR, loader)
                || ClassUtils.isPresent(MeetKitActuatorAutoConfiguration.Boot4Health.INDICATOR, loader);
        if (!actuator
                || !flag(env, "meetkit.enabled")
                || !flag(env, "management.health.meetkit.enabled")
                || !flag(env, "management.health.meetkit.readiness")
                || !probesEnabled(env)
                || env.containsProperty(READINESS_INCLUDE)
                || env.containsProperty(READINESS_INCLUDE + "[0]")
                || env.getPropertySources().contains(SOURCE)) {
            return;
        }
        env.getPropertySources()
                .addLast(new MapPropertySource(SOURCE, Map.of(READINESS_INCLUDE, "readinessState,meetkit")));
    }

    /** As Boot's probes condition: the property when set, otherwise on Kubernetes and Cloud Foundry. */
    private static boolean probesEnabled(ConfigurableEnvironment env) {
        Boolean enabled = env.getProperty("management.endpoint.health.probes.enabled", Boolean.class);
        if (enabled != null) {
            return enabled;
        }
        CloudPlatform platform = CloudPlatform.getActive(env);
        return platform == CloudPlatform.KUBERNETES || platform == CloudPlatform.CLOUD_FOUNDRY;
    }

    private static boolean flag(ConfigurableEnvironment env, String name) {
        return env.getProperty(name, Boolean.class, true);
    }

    /** Runs after the application's configuration files are loaded, so that its own group settings are seen. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
