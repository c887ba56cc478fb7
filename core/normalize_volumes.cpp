// Service volume short syntax ("source:target[:options]"), read as
// compose-go's format.ParseVolume does, and bind sources made absolute.
#include <cctype>

#include "core/error.h"
#include "core/normalize_internal.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

struct VolumeSpec {
    std::string source;
    std::string target;
    bool read_only = false;
    bool nocopy = false;
    bool has_volume_options = false;
    bool has_bind_options = false;
    std::string selinux;
    std::string propagation;
};

bool is_letter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

bool is_file_path(const std::string& source) {
    if (source.empty()) return false;
    if (source[0] == '.' || source[0] == '/' || source[0] == '~') return true;
    if (source.rfind("\\\\", 0) == 0) return true;
    return source.size() > 1 && is_letter(source[0]) && source[1] == ':';
}

void apply_volume_options(VolumeSpec& spec, std::string_view options) {
    std::size_t start = 0;
    while (true) {
        std::size_t comma = options.find(',', start);
        std::string_view option = options.substr(start, comma - start);
        if (option == "ro") {
            spec.read_only = true;
        } else if (option == "rw") {
            spec.read_only = false;
        } else if (option == "nocopy") {
            spec.nocopy = true;
            spec.has_volume_options = true;
        } else if (option == "z" || option == "Z") {
            spec.selinux = option;
            spec.has_bind_options = true;
        } else if (option == "rprivate" || option == "private" || option == "rshared" ||
                   option == "shared" || option == "rslave" || option == "slave") {
            spec.propagation = option;
            spec.has_bind_options = true;
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
}

// Fills the next field from one colon-separated section; returns an error
// message or an empty string.
enum class Section { Middle, Last };

std::string take_section(VolumeSpec& spec, const std::string& section, Section position) {
    bool last = position == Section::Last;
    if (section.empty()) return "empty section between colons";
    if (spec.source.empty() && last) {
        spec.target = section;
    } else if (spec.source.empty()) {
        spec.source = section;
    } else if (spec.target.empty()) {
        spec.target = section;
    } else if (!last) {
        return "too many colons";
    } else {
        apply_volume_options(spec, section);
    }
    return {};
}

Node volume_node(const VolumeSpec& spec, const Mark& mark) {
    bool bind = is_file_path(spec.source);
    Node volume = Node::mapping(mark);
    volume.set("type", Node::string(bind ? "bind" : "volume", mark));
    if (!spec.source.empty()) volume.set("source", Node::string(spec.source, mark));
    volume.set("target", Node::string(spec.target.empty() ? "" : clean_path(spec.target), mark));
    if (spec.read_only) volume.set("read_only", Node::boolean(true, mark));
    if (bind || spec.has_bind_options) {
        Node& options = volume.set("bind", Node::mapping(mark));
        if (!spec.selinux.empty()) options.set("selinux", Node::string(spec.selinux, mark));
        if (!spec.propagation.empty()) {
            options.set("propagation", Node::string(spec.propagation, mark));
        }
        if (bind) options.set("create_host_path", Node::boolean(true, mark));
    }
    if (!bind || spec.has_volume_options) {
        Node& options = volume.set("volume", Node::mapping(mark));
        if (spec.nocopy) options.set("nocopy", Node::boolean(true, mark));
    }
    return volume;
}

Node parse_volume(const Node& item, const std::string& path) {
    const std::string& text = item.text;
    if (text.empty()) config_error(item.mark, path, "invalid empty volume spec");
    if (text.size() <= 2) {
        Node volume = Node::mapping(item.mark);
        volume.set("type", Node::string("volume", item.mark));
        volume.set("target", Node::string(text, item.mark));
        return volume;
    }
    VolumeSpec spec;
    std::string buffer;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        bool last = i == text.size();
        char c = last ? '\0' : text[i];
        if (c == ':' && buffer.size() == 1 && is_letter(buffer[0])) {
            buffer += c;  // A Windows drive letter.
        } else if (c == ':' || last) {
            std::string error = take_section(spec, buffer, last ? Section::Last : Section::Middle);
            if (!error.empty())
                config_error(item.mark, path, "invalid spec: " + text + ": " + error);
            buffer.clear();
        } else {
            buffer += c;
        }
    }
    return volume_node(spec, item.mark);
}

void resolve_bind_source(Node& volume, const NormalizeOptions& options, const std::string& path) {
    const Node* type = volume.find("type");
    if (!options.resolve_paths || type == nullptr || type->text != "bind") return;
    Node* source = volume.find("source");
    if (source == nullptr) {
        config_error(volume.mark, path,
                     "invalid mount config for type \"bind\": field Source must not be empty");
    }
    source->text = absolute_path(source->text, options.project_dir);
}

}  // namespace

void expand_volumes(Node& volumes, const NormalizeOptions& options, const std::string& path) {
    if (!volumes.is_sequence()) config_error(volumes.mark, path, "expected a list of volumes");
    for (std::size_t i = 0; i < volumes.items.size(); ++i) {
        Node& item = volumes.items[i];
        std::string item_path = path_index(path, i);
        if (item.kind == NodeKind::String) {
            item = parse_volume(item, item_path);
        } else if (!item.is_mapping()) {
            config_error(item.mark, item_path, "invalid volume: expected a string or a mapping");
        }
        resolve_bind_source(item, options, item_path);
    }
}

}  // namespace dc
