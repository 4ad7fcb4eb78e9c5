package io.meetkit.spring.web;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.security.web.SecurityFilterChain;

/** A chain with an order taken from a property, which {@code @Order} cannot express. */
final class OrderedSecurityFilterChain implements SecurityFilterChain, Ordered {

    private final SecurityFilterChain delegate;
    private final int order;

    OrderedSecurityFilterChain(SecurityFilterChain delegate, int order) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.order = order;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return delegate.matches(request);
    }

    @Override
    public List<Filter> getFilters() {
        return delegate.getFilters();
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public String toString() {
        return "MeetKit " + delegate;
    }
}
