package io.dropwise.webhook;

import java.util.List;

/**
 * The delivery log of one owner ({@code GET /jobs/{id}/deliveries}).
 *
 * @param url the owner's {@code notify.url}, null when it asked for no notification
 * @param deliveries oldest first
 */
public record DeliveriesView(String url, List<DeliveryView> deliveries) {}
