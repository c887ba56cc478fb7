// Inputs for the fast YAML reader's differential test (yaml_fast_test.cpp):
// snippets of every construct it reads, tricky and malformed ones, and a
// generator of large compose files.
#pragma once

#include <cstdint>
#include <string>

namespace dc::test {

// Writes a compose file shaped like bench/gen_services.py's output: anchors
// and merge keys, both forms of environment, ports, volumes, depends_on and
// labels, flow sequences, quoted and interpolated values.
class ComposeGenerator {
  public:
    explicit ComposeGenerator(std::uint32_t seed) : state_(seed) {}

    std::string generate(int count) {
        std::string out =
            "# Generated.\n\nx-logging: &default-logging\n  driver: json-file\n  options:\n"
            "    max-size: 10m\n    max-file: \"3\"\n\nx-env: &default-env\n  TZ: UTC\n"
            "  LOG_LEVEL: ${LOG_LEVEL:-info}\n  OTEL: http://collector:4317\n\n"
            "x-health: &default-health\n  interval: 10s\n  retries: 5\n\n"
            "x-service: &default-service\n  restart: unless-stopped\n"
            "  logging: *default-logging\n  labels:\n    com.example.generated: \"true\"\n\n"
            "services:\n";
        for (int i = 0; i < count; ++i) service(out, i);
        out += "\nnetworks:\n  frontend:\n  backend:\n    internal: true\n\nvolumes:\n";
        for (int i = 0; i < 10; ++i) out += "  data-" + std::to_string(i) + ":\n";
        return out;
    }

  private:
    bool chance(int percent) { return next() % 100 < static_cast<std::uint32_t>(percent); }
    std::uint32_t next() {
        state_ = state_ * 1664525u + 1013904223u;
        return state_ >> 8;
    }

    void service(std::string& out, int i) {
        std::string id = std::to_string(i);
        out += "  svc-" + id + ":\n";
        if (chance(70)) out += "    <<: *default-service\n";
        out += chance(50) ? "    image: nginx:1.27-alpine\n"
                          : "    image: registry.example.com/api:${TAG:-1.0.0}\n";
        if (chance(40))
            out += "    command: [\"serve\", \"--port\", \"8080\", \"--id\", \"" + id + "\"]\n";
        if (chance(50)) {
            out += "    environment:\n      <<: *default-env\n      SERVICE_ID: \"" + id +
                   "\"\n      URL: postgres://app:${PW:-secret}@db:5432/app\n";
        } else {
            out += "    environment:\n      - SERVICE_ID=" + id + "\n      - EMPTY=\n";
        }
        if (chance(60)) {
            out += "    ports:\n      - \"" + std::to_string(20000 + i) + ":8080\"\n";
        } else {
            out += "    ports:\n      - target: 8080\n        published: \"" +
                   std::to_string(20000 + i) + "\"\n        protocol: tcp\n";
        }
        out += "    volumes:\n      - data-" + std::to_string(i % 10) + ":/var/lib/app\n";
        if (chance(50))
            out += "      - type: bind\n        source: ./shared\n        read_only: true\n";
        if (i > 0 && chance(50)) {
            out += "    depends_on:\n      svc-" + std::to_string(next() % i) +
                   ":\n        condition: service_started\n";
        } else if (i > 0) {
            out += "    depends_on:\n    - svc-" + std::to_string(next() % i) + "\n";
        }
        if (chance(40)) {
            out +=
                "    healthcheck:\n      <<: *default-health\n"
                "      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]\n";
        }
        out += "    labels:\n      - com.example.team=team-" + std::to_string(i % 7) + "\n";
    }

    std::uint32_t state_;
};

// Snippets the fast reader must accept (and agree on): what compose files use.
inline const char* const kYamlAccepted[] = {
    "",
    "# only a comment\n",
    "a: 1\n",
    "a: 1",
    "services:\n  web:\n    image: nginx\n",
    "a:\n  b:\n    c: d\n  e: f\ng: h\n",
    "a:\n- x\n- y\nb: 2\n",
    "a:\n  - x\n  - y\n",
    "- a\n- b\n",
    "- - a\n  - b\n- c\n",
    "- key: v\n  other: w\n- k2: v2\n",
    "-   spaced: 1\n    next: 2\n",
    "a:\nb:\n",
    "a:\n",
    "a:",
    "a: \n",
    "- \n- x\n-\n",
    "a:\n  -\n  - b\n",
    "a: ~\nb: null\nc: Null\nd: NULL\ne: true\nf: False\ng: 0x1F\nh: 0o17\ni: 1.5e3\nj: .inf\n",
    "~: a\n",
    "NULL: b\n",
    "a: 'single'\nb: \"double\"\nc: ''\nd: \"\"\n",
    "a: 'it''s'\nb: \"tab\\there\\nnl \\\"q\\\" \\\\ \\/ \\u00e9 \\x41 \\U0001F600\"\n",
    "a: \"\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\\'\"\n",
    "a: \"folded\n  line\"\nb: 'x\n\n  y'\n",
    "a: \"trailing   \n   lead\"\n",
    "a: \"escaped \\\n   break\"\n",
    "a: 'x\n\n\n'\n",
    "a: |\n  line1\n  line2\nb: >\n  folded\n  text\n\n  para\n",
    "a: |-\n  strip\n\n\nb: |+\n  keep\n\n\nc: x\n",
    "a: >-\n  one\n   more\n  two\n",
    "a: |2\n    indented\n  base\n",
    "a: |\n\n  leading\n",
    "a: |\nb: c\n",
    "a: >\n  x\n\n\n  y\n  z\n",
    "a: |  # comment\n  text\n",
    "- |\n  item\n- >-\n  folded\n",
    "a: plain\n  continued\n  more\n",
    "a: plain\n\n  with empty\n",
    "- plain\n  continued\n- next\n",
    "a:\n  b\n  c\n",
    "a: [1, 2, 3]\nb: {x: 1, y: [a, b]}\nc: []\nd: {}\n",
    "a: [\n  one,\n  two\n]\n",
    "a: [\"x\",\n    \"y\"]\n",
    "a: {\"k\":\"v\", \"n\":1}\n",
    "{\"services\": {\"web\": {\"image\": \"nginx\", \"ports\": [\"80:80\"]}}}\n",
    "a: {x: , y: 1,}\n",
    "a: [a b, c d]\n",
    "a: &x 1\nb: *x\n",
    "base: &base\n  a: 1\n  b: 2\nuse:\n  <<: *base\n  b: 3\n",
    "x: &x\n  a: 1\ny: &y\n  b: 2\nz:\n  <<: [*x, *y]\n  c: 3\n",
    "a: &e\nb: *e\n",
    "a: &s [1, 2]\nb: *s\nc: [*s, *s]\nd: {k: *s}\n",
    "ports: !reset []\nenv: !override {A: b}\nv: !!str 12\nw: !!int 7\nx: !!float 1\n",
    "a: !reset\nb: !!str\nc: !custom value\nd: !reset null\n",
    "a: !reset\n  - x\nb: !override\n  k: v\n",
    "a: &x !reset [1]\nb: !reset &y {}\n",
    "---\na: 1\n",
    "---\na: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "a: 1\n...\n---\nb: 2\n",
    "---\n",
    "---\n---\n",
    "--- # comment\na: 1\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\r\nb:\r\n  - x\r\n  - \"y\r\n  z\"\r\n",
    "\xEF\xBB\xBF"
    "a: 1\n",
    "a: 1 # comment\nb: 'x' # c\nc: [1] # c\n# c\n",
    "key:value\n",
    "a: b:c\n",
    "a#b: c#d\n",
    "a: \"# not a comment\"\nb: 'x: y'\n",
    "url: http://example.com:8080/path?q=1\n",
    "ports:\n  - \"8080:80\"\n  - 8081:81\n  - 127.0.0.1:8082:82/udp\n",
    "path: C:\\Windows\\System32\nq: \"C:\\\\x\"\n",
    "unicode: héllo wörld ✓\n'ключ': значение\n",
    "a: b   \nc: d\t\n",
    "a:\tb\n",
    "key  : v\n",
    "\"quoted key\": 1\n'single': 2\n",
    "a:\n\n\n  b: 1\n",
    "a:\n  # comment\n  b: 1\n",
    "- a: 1\n  b:\n  - x\n  c: 2\n",
    "a:\n  b:\n  - x\n  c: 2\n",
    "x-a: &a\n  image: busybox\nservices:\n  s1: *a\n  s2:\n    <<: *a\n",
    "- [a, b]\n- {c: d}\n",
    "a: -1\nb: +2\nc: -x\nd: ?x\ne: :x\n",
    "a: 'multi\n  line' \nb: c\n",
    "a: b # c\n  # d\ne: f\n",
    "a: \"x\" # c\n",
    "list:\n- a\n-\n  b: 1\n",
    "a: [&x 1, *x]\n",
    // Found by fuzzing: where yaml-cpp marks an empty value at the end of a
    // text whose last line has blanks but no line break.
    "- -1\n- -\n ",
    "es:\n  we.b:\n ",
    "a:\n  b:\n  # c",
    // Found by fuzzing: an alias refers to the anchor read last, even when
    // an anchor of the same name inside it completes first.
    "a: &e\n  a: &e\nb: *e\n",
};

// Constructs where the fast reader may decline; if it accepts, it must agree.
inline const char* const kYamlTricky[] = {
    "? a\n: b\n",
    "? [a]\n: 1\n",
    "a: 1\na: 2\n",
    "a: *nope\n",
    "x: !!int abc\n",
    "a: 1\n<<: 2\n",
    "services:\n  web: [x\n",
    "a:\n\tb: 1\n",
    "\ta: 1\n",
    "-\ta\n",
    "-\ta: 1\n",
    "a: b: c\n",
    "a: [a: b]\n",
    "a: [a, , b]\n",
    "a: {a, b: 1}\n",
    "[a]: b\n",
    "&a key: v\n",
    "- &a key: v\n",
    "- &a |\n  x\n",
    "- &a foo\n  bar\n",
    "- !t foo\n    bar\n",
    "a: &x\n  b: *x\n",
    "a: |0\n  x\n",
    "a: |\n\tx\n",
    "a: |\n    \n  x\n",
    "a: \"unterminated\n",
    "a: 'x\n---\n'\n",
    "a: \"\\q\"\n",
    "a: \"\\uD800\"\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "%TAG ! tag:x,2000:\n---\na: !b c\n",
    "%YAML 1.2\n%YAML 1.2\n---\n",
    "a: 1\n%YAML 1.2\n",
    "root scalar\n",
    "root\ncontinued\n",
    "\"quoted root\"\n",
    "|\n  literal root\n",
    "--- text\n",
    "--- |\n  x\n",
    "a: 1\n  b: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "a:\n  - x\n - y\n",
    "- a\n  b: c\n",
    "a: plain\n  # comment\n  more\n",
    "a: plain\n\t# comment\n",
    "a: x\n\t\n",
    "a: [1,\n---\n]\n",
    "a: [x\n  y]\n",
    "a: [-\n]\n",
    "a: {x}\n",
    "a: [x?y]\n",
    "a: \"x\"y\n",
    "a: [x]y\n",
    "a: 'x':\n",
    "\"a\nb\": c\n",
    "a: !<tag:x> y\n",
    "a: !a!b c\n",
    "a: ! x\n",
    "a: &x &y z\n",
    "a: !x !y z\n",
    "a: *x:\n",
    "x: &a [1]\ny: *a:\n",
    "a:\r\n  b: \"x\ry\"\n",
    "a: 1\x04\n",
    "\xFE\xFF",
    "a:\n- b\n  - c\n",
    "- - - x\n    - y\n  - z\n",
    "...\n",
    "...\n---\na: 1\n",
    "a: 1\n---\n...\n",
    "--- !reset\n",
    "!reset\n",
    "&a\n- x\n",
    "a: &a\n- x\n",
    "a: ! [x]\n",
    "a: !!map {b: 1}\n",
    "a: !!seq [x]\n",
    "a: !!str [x]\n",
    "a: !!bool yes\n",
    "a: !!null ''\n",
    "a: >\n  x\n    more\n  back\n",
    "a: >\n\n  x\n\n    y\n\n  z\n",
    "a: |+\n\n",
    "a: |-\n",
    "a: >2-\n   x\n  y\n",
    "a: |1\n  x\n",
    "a: |\n  x\n y\n",
    "- |\n x\n",
    "a: \"x\\\n\n  y\"\n",
    "a: '''\n",
    "a: ''''\n",
    "a: b\n...\nc: d\n",
    "a: [b]: c\n",
    "{a: 1}: b\n",
    "a: {b: {c: [d, {e: f}]}}\n",
    "a: [\"x\":1]\n",
    "a: {\"x\" : 1, 'y':2}\n",
    "a: {x:1}\n",
    "a: {x: 1\n, y: 2}\n",
    "a: [x, # c\n y]\n",
    "a: [x,#c\n y]\n",
    "a: [x\n  ,y]\n",
    "a: [\"x\"\n  ,y]\n",
    "a: {b: &x}\n",
    "a: [&x]\n",
    "a: [*x]\n",
    "x: &x 1\na: [*x, *x:]\n",
    "- -1\n- -\n",
    "a: -\n",
    "a: ---\n---x: 1\n",
    "a:\n---\nb:\n",
    "a:\n...\n",
    "a: x\n  ...\n",
    "a: x\n---\n",
    "- a\n- b\n---\n- c\n",
    "a:    \n  \n  b\n",
    "a: 'x'    # c\n  b\n",
    "a: b\n c\nd: e\n",
    "- a\n b\n",
    "a:\n  b\n c\n",
    "a:\n  - b\n  c\n",
    "a:  |\n    x\n   y\n",
    "k: v\n- x\n",
    "- x\nk: v\n",
    "a:\n  b: 1\n  - x\n",
    "a: - not a seq\n",
    "x: &x\n  a: &x 1, *1\ny: &y\n  b: 2\nz:\n  <<: [*x, *y]\n",
    "a: {? : }\n",
};

}  // namespace dc::test
