package io.meetkit.spring.web;

import io.meetkit.MeetKit;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.spring.MeetKitAutoConfiguration;
import io.meetkit.spring.MeetKitConfigurationException;
import io.meetkit.spring.MeetKitProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * MeetKit's web layer in a servlet application with Spring MVC: the REST API under {@code /api} (with Spring
 * Security; {@code meetkit.web.enabled=false} turns it off) and its security filter chain.
 *
 * <p>Without Spring Security the application refuses to start while the API is on: an unsecured API would let anyone
 * create meetings and mint tokens.
 */
@AutoConfiguration(
        after = MeetKitAutoConfiguration.class,
        afterName = {
            // Boot's default "secure everything" chain must be decided before MeetKit's chain exists, or it would back
            // off
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(MeetKit.class)
public class MeetKitWebAutoConfiguration {

    /** Created by Spring. */
    public MeetKitWebAutoConfiguration() {}

    /** Maps the failures of MeetKit's controllers (API and webhook) to {@code application/problem+json}. */
    @Bean
    @ConditionalOnMissingBean
    public MeetKitProblemHandler meetKitProblemHandler() {
        return new MeetKitProblemHandler();
    }

    /** The LiveKit webhook endpoint, {@code meetkit.webhook.path}; it needs Spring MVC only. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "meetkit.webhook", name = "enabled", havingValue = "true", matchIfMissing = true)
    public static class Webhook {

        /** Created by Spring. */
        public Webhook() {}

        @Bean
        @ConditionalOnMissingBean(name = "meetKitWebhookController")
        WebhookRestController meetKitWebhookController(MeetKit meetKit) {
            return new WebhookRestController(meetKit.webhooks());
        }
    }

    /** The REST API and its security chain, when Spring Security is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "meetkit.web", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
    public static class Api {

        /** Created by Spring. */
        public Api() {}

        /** The API's authorities from {@code meetkit.web.*}. */
        @Bean
        @ConditionalOnMissingBean
        public ApiAuthorities meetKitApiAuthorities(MeetKitProperties properties) {
            return new ApiAuthorities(
                    properties.getWeb().getAdminAuthority(), properties.getWeb().getUserAuthority());
        }

        @Bean
        @ConditionalOnMissingBean(name = "meetKitMeetingsController")
        MeetingsRestController meetKitMeetingsController(MeetingManager meetings, ApiAuthorities authorities) {
            return new MeetingsRestController(meetings, authorities);
        }

        /** The default participant role resolver: admins MODERATOR, users SPEAKER. */
        @Bean
        @ConditionalOnMissingBean
        public ParticipantRoleResolver meetKitParticipantRoleResolver(ApiAuthorities authorities) {
            return ParticipantRoleResolver.byAuthority(authorities);
        }

        @Bean
        @ConditionalOnMissingBean(name = "meetKitParticipantsController")
        ParticipantsRestController meetKitParticipantsController(
                MeetKit meetKit,
                ParticipantRoleResolver roles,
                ApiAuthorities authorities,
                MeetKitProperties properties) {
            return new ParticipantsRestController(
                    meetKit.meetings(),
                    meetKit.tokens(),
                    roles,
                    authorities,
                    new DisplayNames(properties.getWeb().getDisplayNameClaims()));
        }

        @Bean
        @ConditionalOnMissingBean(name = "meetKitMeetingAccessController")
        MeetingAccessRestController meetKitMeetingAccessController(
                MeetKit meetKit, ParticipantRoleResolver roles, ApiAuthorities authorities) {
            return new MeetingAccessRestController(
                    meetKit.meetings(),
                    meetKit.tokens().rolePolicy(),
                    new MeetingPermissions(authorities, roles, meetKit.tokens().rolePolicy()));
        }

        @Bean
        @ConditionalOnMissingBean(name = "meetKitRecordingsController")
        RecordingsRestController meetKitRecordingsController(MeetKit meetKit, MeetKitProperties properties) {
            return new RecordingsRestController(
                    meetKit.recordings(), properties.getRecording().getS3().getDownloadTtl());
        }

        /** Maps refusals inside MeetKit's controllers to a 403 problem. */
        @Bean
        @ConditionalOnMissingBean
        public MeetKitSecurityProblemHandler meetKitSecurityProblemHandler() {
            return new MeetKitSecurityProblemHandler();
        }

        /**
         * MeetKit's security filter chain: only {@code /api/**} and the webhook path, ordered by
         * {@code meetkit.web.security-order} (100) so that the application's own chains keep everything else, and
         * an application chain for {@code /api/**} with a lower order wins. Stateless, no CSRF (credentials travel
         * in headers), HTTP Basic unless {@code meetkit.web.http-basic=false}; 401 and 403 are problem+json.
         *
         * @throws Exception as Spring Security's configurers do
         */
        @Bean
        @ConditionalOnMissingBean(name = "meetKitSecurityFilterChain")
        public SecurityFilterChain meetKitSecurityFilterChain(
                HttpSecurity http,
                MeetKitProperties properties,
                ApiAuthorities authorities,
                ObjectProvider<MeetKitHttpSecurityCustomizer> customizers)
                throws Exception {
            MeetKitProperties.Web web = properties.getWeb();
            String webhook = properties.getWebhook().getPath();
            String admin = authorities.admin();
            String user = authorities.user();
            ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(web.isHttpBasic());
            http.securityMatcher("/api/**", webhook)
                    .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, webhook)
                            .permitAll()
                            .requestMatchers(
                                    HttpMethod.GET,
                                    "/api/meetings",
                                    "/api/meetings/*",
                                    "/api/meetings/*/recordings",
                                    "/api/recordings",
                                    "/api/recordings/*",
                                    "/api/recordings/*/download",
                                    "/api/recordings/*/media")
                            .hasAnyAuthority(user, admin)
                            .requestMatchers(HttpMethod.POST, "/api/meetings/*/token", "/api/meetings/*/token/refresh")
                            .hasAnyAuthority(user, admin)
                            .anyRequest()
                            .hasAuthority(admin))
                    .csrf(c -> c.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(c -> c.disable())
                    .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
            if (web.isHttpBasic()) {
                http.httpBasic(b -> b.realmName("MeetKit").authenticationEntryPoint(handlers));
            }
            for (MeetKitHttpSecurityCustomizer c : customizers.orderedStream().toList()) {
                c.customize(http);
            }
            return new OrderedSecurityFilterChain(http.build(), web.getSecurityOrder());
        }
    }

    /** Refuses to start when the API is on and Spring Security is missing. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "meetkit.web", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
    public static class ApiWithoutSecurity {

        /** Created by Spring. */
        public ApiWithoutSecurity() {}

        /**
         * Fails.
         *
         * @throws MeetKitConfigurationException always, saying how to fix it
         */
        @Bean
        public Object meetKitApiNeedsSpringSecurity() {
            throw new MeetKitConfigurationException(
                    "MeetKit's REST API (/api/**) needs Spring Security, and it is"
                            + " not on the classpath: an unsecured API would let anyone create meetings and get tokens",
                    "Add org.springframework.boot:spring-boot-starter-security and give your users the authorities"
                            + " of meetkit.web.admin-authority / meetkit.web.user-authority (ROLE_ADMIN, ROLE_USER), or set"
                            + " meetkit.web.enabled=false to run without MeetKit's REST API",
                    null);
        }
    }
}
