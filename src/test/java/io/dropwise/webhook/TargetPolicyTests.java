package io.dropwise.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.config.WebhookProperties;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which webhook targets are refused without {@code dropwise.webhooks.allow-private} (the integration tests run with
 * it on, so the refusal of private targets is shown here, at the validation level).
 */
class TargetPolicyTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "100.64.0.1",
                "198.18.0.1",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1",
                "192.0.0.8",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "fec0::1",
                "64:ff9b::a00:1",
                "2002:7f00:1::1",
                "2001:db8::1"
            })
    void nonPublicAddressesAreRefused(String address) throws Exception {
        assertThat(TargetPolicy.isPublic(InetAddress.getByName(address)))
                .as(address)
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111", "64:ff9b::808:808"})
    void publicAddressesAreAccepted(String address) throws Exception {
        assertThat(TargetPolicy.isPublic(InetAddress.getByName(address)))
                .as(address)
                .isTrue();
    }

    @Test
    void ipv4MappedAndCompatibleIpv6AddressesAreJudgedByTheirIpv4Address() throws Exception {
        // built by hand: InetAddress.getByName("::ffff:127.0.0.1") would already return an Inet4Address
        assertThat(TargetPolicy.isPublic(v6("00000000000000000000ffff7f000001")))
                .isFalse();
        assertThat(TargetPolicy.isPublic(v6("00000000000000000000ffffa9fea9fe")))
                .isFalse();
        assertThat(TargetPolicy.isPublic(v6("00000000000000000000ffff0a000001")))
                .isFalse();
        assertThat(TargetPolicy.isPublic(v6("0000000000000000000000007f000001")))
                .isFalse();
        assertThat(TargetPolicy.isPublic(v6("00000000000000000000ffff08080808")))
                .isTrue();
    }

    @Test
    void privateTargetsAreRefusedUnlessAllowed() {
        for (String url : new String[] {
            "http://127.0.0.1:8080/hook",
            "https://localhost/hook",
            "http://[::1]/hook",
            "http://[::ffff:127.0.0.1]/x",
            "http://169.254.169.254/latest/meta-data",
            "http://10.1.2.3/",
            "http://0.0.0.0:9000/"
        }) {
            assertThat(TargetPolicy.refusal(url, false))
                    .as(url)
                    .hasValueSatisfying(reason -> assertThat(reason).contains("allow-private"));
            assertThat(TargetPolicy.refusal(url, true)).as(url).isEmpty();
        }
    }

    @Test
    void onlyHttpUrlsWithAHostAreAccepted() {
        assertThat(TargetPolicy.refusal("ftp://example.com/x", true))
                .hasValueSatisfying(r -> assertThat(r).contains("http or https"));
        assertThat(TargetPolicy.refusal("file:///etc/passwd", true)).isPresent();
        assertThat(TargetPolicy.refusal("javascript:alert(1)", true)).isPresent();
        assertThat(TargetPolicy.refusal("https:///nohost", true)).isPresent();
        assertThat(TargetPolicy.refusal("http://user:pw@example.com/", true)).isPresent();
        assertThat(TargetPolicy.refusal("not a url", true)).isPresent();
        assertThat(TargetPolicy.refusal("https://example.com/hooks?x=1", true)).isEmpty();
    }

    @Test
    void theRequestCheckNamesTheFieldsWithoutAllowPrivate() {
        Webhooks strict = webhooks(false, "");
        assertThat(strict.problems("notify", new Notify("http://127.0.0.1:8080/hook", "0123456789abcdef")))
                .extracting(FieldProblem::field)
                .containsExactly("notify.url");
        assertThat(strict.problems("notify", new Notify("https://[fd00::1]/hook", null)))
                .extracting(FieldProblem::field)
                .containsExactly("notify.url", "notify.secret");
        assertThat(strict.problems("notify", new Notify(null, "short")))
                .extracting(FieldProblem::field)
                .containsExactly("notify.url", "notify.secret");
        assertThat(strict.problems("notify", null)).isEmpty();

        Webhooks allowing = webhooks(true, "server-wide-secret-0123");
        assertThat(allowing.problems("notify", new Notify("http://127.0.0.1:8080/hook", null)))
                .isEmpty();
        assertThat(allowing.problems("batch.notify", new Notify("gopher://127.0.0.1/", null)))
                .extracting(FieldProblem::field)
                .containsExactly("batch.notify.url");
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        DeliverySender sender = new DeliverySender(null, properties(true, ""));
        try {
            assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(10));
            assertThat(sender.backoff(2)).isEqualTo(Duration.ofSeconds(20));
            assertThat(sender.backoff(4)).isEqualTo(Duration.ofSeconds(80));
            assertThat(sender.backoff(40)).isEqualTo(Duration.ofHours(1));
        } finally {
            sender.destroy();
        }
    }

    @Test
    void theSecretIsNeverWritten() {
        var json = tools.jackson.databind.json.JsonMapper.shared();
        Notify notify = json.readValue(
                "{\"url\": \"https://example.com/h\", \"secret\": \"s3cr3t-s3cr3t-s3cr3t\"}", Notify.class);
        assertThat(notify.secret()).isEqualTo("s3cr3t-s3cr3t-s3cr3t");
        assertThat(json.writeValueAsString(notify)).doesNotContain("s3cr3t").contains("example.com");
        assertThat(notify.toString()).doesNotContain("s3cr3t");
    }

    private static InetAddress v6(String hex) throws Exception {
        return Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), -1);
    }

    private static Webhooks webhooks(boolean allowPrivate, String secret) {
        return new Webhooks(null, null, properties(allowPrivate, secret), null);
    }

    private static WebhookProperties properties(boolean allowPrivate, String secret) {
        return new WebhookProperties(
                secret,
                allowPrivate,
                8,
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                2);
    }
}
