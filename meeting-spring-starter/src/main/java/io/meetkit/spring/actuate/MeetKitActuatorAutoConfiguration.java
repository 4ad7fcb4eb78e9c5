package io.meetkit.spring.actuate;

import io.meetkit.MeetKit;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.observe.MeetKitObserver;
import io.meetkit.spring.MeetKitAutoConfiguration;
import io.meetkit.spring.MeetKitConfigurationException;
import io.meetkit.spring.MeetKitProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * MeetKit's operations support: the Actuator health indicator {@code meetkit} ({@link MeetKitHealth}: store reachable,
 * LiveKit reachable and cached for {@value #LIVEKIT_CACHE_TTL}; off with {@code management.health.meetkit.enabled=false})
 * on Spring Boot 3.5 or 4.x, in the readiness group ({@link MeetKitHealthGroups}), and Micrometer meters
 * ({@link MicrometerMeetKitObserver}) when Micrometer is present.
 */
@AutoConfiguration(after = MeetKitAutoConfiguration.class)
@ConditionalOnBean(MeetKit.class)
public class MeetKitActuatorAutoConfiguration {

    /** The bean name of the health indicator; Actuator shows it as {@code meetkit}. */
    public static final String HEALTH_INDICATOR_BEAN = "meetkitHealthIndicator";

    /** How long the health indicator reuses LiveKit's last answer. */
    public static final String LIVEKIT_CACHE_TTL = "management.health.meetkit.livekit-cache-ttl";

    /** Whether a LiveKit failure makes the health indicator DOWN. */
    public static final String LIVEKIT_REQUIRED = "management.health.meetkit.livekit-required";

    /** The default of {@value #LIVEKIT_CACHE_TTL}. */
    static final Duration DEFAULT_LIVEKIT_CACHE_TTL = Duration.ofSeconds(5);

    /** The longest a health probe waits for LiveKit or the store. */
    static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** Created by Spring. */
    public MeetKitActuatorAutoConfiguration() {}

    /** Micrometer meters, when Micrometer is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    public static class Metrics {

        /** Created by Spring. */
        public Metrics() {}

        /** The Micrometer observer, which also binds the recordings gauge. */
        @Bean
        @ConditionalOnMissingBean(MeetKitObserver.class)
        public MicrometerMeetKitObserver meetKitMicrometerObserver(
                ObjectProvider<MeterRegistry> registries, ObjectProvider<MeetKit> meetKit) {
            return new MicrometerMeetKitObserver(registries, meetKit);
        }
    }

    /** The health indicator on Spring Boot 3.5. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = Boot3Health.INDICATOR)
    @ConditionalOnProperty(
            prefix = "management.health.meetkit",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    @Import(Boot3Health.class)
    public static class HealthOnBoot3 {

        /** Created by Spring. */
        public HealthOnBoot3() {}

        /** The health check. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        public MeetKitHealth meetKitHealth(
                MeetKit meetKit,
                ObjectProvider<LiveKitGateway> gateway,
                MeetKitProperties properties,
                Environment env) {
            return health(meetKit, gateway.getIfUnique(), properties, env);
        }
    }

    /** The health indicator on Spring Boot 4.x. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = Boot4Health.INDICATOR)
    @ConditionalOnProperty(
            prefix = "management.health.meetkit",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    @Import(Boot4Health.class)
    public static class HealthOnBoot4 {

        /** Created by Spring. */
        public HealthOnBoot4() {}

        /** The health check. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        public MeetKitHealth meetKitHealth(
                MeetKit meetKit,
                ObjectProvider<LiveKitGateway> gateway,
                MeetKitProperties properties,
                Environment env) {
            return health(meetKit, gateway.getIfUnique(), properties, env);
        }
    }

    static MeetKitHealth health(
            MeetKit meetKit, @Nullable LiveKitGateway gateway, MeetKitProperties properties, Environment env) {
        Duration timeout = properties.getLivekit().getTimeout();
        Binder binder = Binder.get(env);
        Duration cacheTtl = binder.bind(LIVEKIT_CACHE_TTL, Duration.class).orElse(DEFAULT_LIVEKIT_CACHE_TTL);
        if (cacheTtl.isNegative()) {
            throw new MeetKitConfigurationException(
                    LIVEKIT_CACHE_TTL + " must not be negative: " + cacheTtl,
                    "Set it to 0 or more, for example 5s",
                    null);
        }
        boolean required = binder.bind(LIVEKIT_REQUIRED, Boolean.class).orElse(false);
        return new MeetKitHealth(
                gateway,
                meetKit.stores(),
                timeout.compareTo(MAX_PROBE_TIMEOUT) < 0 ? timeout : MAX_PROBE_TIMEOUT,
                cacheTtl,
                required);
    }

    /** Registers the indicator bean, typed as the Boot line's {@code HealthIndicator}. */
    abstract static class HealthRegistrar
            implements ImportBeanDefinitionRegistrar, BeanFactoryAware, BeanClassLoaderAware {
        private final String pkg;
        private @Nullable BeanFactory beanFactory;
        private @Nullable ClassLoader classLoader;

        HealthRegistrar(String pkg) {
            this.pkg = pkg;
        }

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

        @Override
        public void setBeanClassLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            if (registry.containsBeanDefinition(HEALTH_INDICATOR_BEAN)) {
                return;
            }
            ClassLoader loader = classLoader != null ? classLoader : getClass().getClassLoader();
            BeanFactory factory = beanFactory;
            Class<?> type;
            try {
                type = HealthIndicatorAdapter.indicatorType(pkg, loader);
            } catch (ClassNotFoundException e) {
                return;
            }
            RootBeanDefinition definition = new RootBeanDefinition(type);
            definition.setInstanceSupplier(() -> HealthIndicatorAdapter.create(
                    pkg,
                    loader,
                    () -> java.util.Objects.requireNonNull(factory, "beanFactory")
                            .getBean(MeetKitHealth.class)));
            registry.registerBeanDefinition(HEALTH_INDICATOR_BEAN, definition);
        }
    }

    /** Spring Boot 3.5's health API. */
    static final class Boot3Health extends HealthRegistrar {
        static final String PACKAGE = "org.springframework.boot.actuate.health";
        static final String INDICATOR = PACKAGE + ".HealthIndicator";

        Boot3Health() {
            super(PACKAGE);
        }
    }

    /** Spring Boot 4.x's health API. */
    static final class Boot4Health extends HealthRegistrar {
        static final String PACKAGE = "org.springframework.boot.health.contributor";
        static final String INDICATOR = PACKAGE + ".HealthIndicator";

        Boot4Health() {
            super(PACKAGE);
        }
    }
}
