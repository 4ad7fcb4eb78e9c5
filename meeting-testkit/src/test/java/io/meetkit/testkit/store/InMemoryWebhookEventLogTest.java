package io.meetkit.testkit.store;

import io.meetkit.store.InMemoryWebhookEventLog;
import io.meetkit.store.WebhookEventLog;

/** The contract on {@link InMemoryWebhookEventLog}. */
class InMemoryWebhookEventLogTest extends WebhookEventLogContract {

    @Override
    protected WebhookEventLog createStore() {
        return new InMemoryWebhookEventLog();
    }
}
