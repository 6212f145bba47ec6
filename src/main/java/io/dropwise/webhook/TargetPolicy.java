package io.dropwise.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook targets the service may call: {@code http(s)} URLs with a host, and unless private targets are
 * allowed, only hosts whose every address is public. Refused: loopback, unspecified, link-local, private (RFC 1918,
 * unique-local {@code fc00::/7}, site-local), shared (100.64/10), benchmarking (198.18/15), IETF (192.0.0/24), reserved
 * (240/4, broadcast), multicast; IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that IPv4 address. Checked at submission and again
 * right before every delivery (a name may resolve elsewhere by then).
 */
public final class TargetPolicy {

    private TargetPolicy() {}

    /** What is wrong with {@code url} as a target (empty: acceptable), resolving its host unless {@code allowPrivate}. */
    public static Optional<String> refusal(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL, not '" + (scheme.isEmpty() ? url : scheme + ":") + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must name a host (https://host/path)");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry user information; sign deliveries with notify.secret instead");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment (#...)");
        }
        return allowPrivate ? Optional.empty() : addressRefusal(uri.getHost());
    }

    /** Resolves {@code host} and refuses it when any of its addresses is not public. */
    static Optional<String> addressRefusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("host '" + host + "' does not resolve");
        }
        return Arrays.stream(addresses)
                .filter(a -> !isPublic(a))
                .findFirst()
                .map(a -> "host '" + host + "' resolves to " + a.getHostAddress() + ", a loopback, private, "
                        + "link-local or otherwise non-public address; such targets need "
                        + "dropwise.webhooks.allow-private=true");
    }

    /** Whether {@code address} is an ordinary public unicast address. */
    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                return isPublicIpv4(embedded);
            }
            if (v6.isLoopbackAddress()
                    || v6.isAnyLocalAddress()
                    || v6.isLinkLocalAddress()
                    || v6.isSiteLocalAddress()
                    || v6.isMulticastAddress()) {
                return false;
            }
            int first = b[0] & 0xff;
            // fc00::/7 unique local; 2001:db8::/32 documentation; anything outside 2000::/3 is not global unicast
            boolean documentation = first == 0x20 && b[1] == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8;
            return (first & 0xe0) == 0x20 && !documentation;
        }
        return address instanceof Inet4Address && isPublicIpv4(address.getAddress());
    }

    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0;
        boolean nat64 =
                (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        if (mapped || compatible || nat64) {
            // ::/128 and ::1 are "compatible" too: 0.0.0.0 and 0.0.0.1 are refused as IPv4 just the same
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static boolean isPublicIpv4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        return !(b0 == 0 // "this network", 0.0.0.0
                || b0 == 10
                || b0 == 127
                || (b0 == 100 && b1 >= 64 && b1 <= 127) // shared address space (carrier-grade NAT)
                || (b0 == 169 && b1 == 254) // link-local, cloud metadata
                || (b0 == 172 && b1 >= 16 && b1 <= 31)
                || (b0 == 192 && b1 == 168)
                || (b0 == 192 && b1 == 0 && b2 == 0) // IETF protocol assignments
                || (b0 == 192 && b1 == 0 && b2 == 2) // documentation
                || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100) // documentation
                || (b0 == 203 && b1 == 0 && b2 == 113) // documentation
                || b0 >= 224); // multicast, reserved, broadcast
    }
}
