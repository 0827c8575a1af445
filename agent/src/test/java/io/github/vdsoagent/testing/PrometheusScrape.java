package io.github.vdsoagent.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scrape of an exporter's {@code /metrics} over HTTP, as Prometheus reads it: samples by name and labels. */
public final class PrometheusScrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One line of the text format: {@code name{label="value",...} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples;

    private PrometheusScrape(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    /** Scrapes {@code http://127.0.0.1:PORT/metrics}; throws if nothing answers there (yet). */
    public static PrometheusScrape of(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from port " + port + ": " + response.body());
        }
        return parse(response.body());
    }

    /** The scrape, or null while nothing answers on the port (an exporter still starting). */
    public static PrometheusScrape orNull(int port) throws InterruptedException {
        try {
            return of(port);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the text exposition format (version 0.0.4): comments skipped, label values unescaped. */
    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            int rest;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                rest = labels(line, brace + 1, labels);
            } else {
                name = line.substring(0, space);
                rest = space;
            }
            String[] value = line.substring(rest).trim().split(" ");
            samples.add(new Sample(name, labels, Double.parseDouble(value[0])));
        }
        return new PrometheusScrape(text, samples);
    }

    /** Reads {@code k="v",...}} from {@code at}; returns the index after the closing brace. */
    private static int labels(String line, int at, Map<String, String> into) {
        int i = at;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String key = line.substring(i, equals).trim();
            StringBuilder value = new StringBuilder();
            int j = equals + 2; // past ="
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            into.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of one series name. */
    public List<Sample> named(String name) {
        List<Sample> named = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name)) {
                named.add(sample);
            }
        }
        return named;
    }

    /** The values of {@code name} by the value of {@code label}, as whole numbers (a count is one). */
    public Map<String, Long> byLabel(String name, String label) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Sample sample : named(name)) {
            values.put(sample.labels().get(label), (long) sample.value());
        }
        return values;
    }

    @Override
    public String toString() {
        return text;
    }
}
