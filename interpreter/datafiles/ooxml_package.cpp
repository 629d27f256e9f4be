#include "interpreter/datafiles/ooxml_package.hpp"

#include <zip.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace rubric {
namespace {

// "200 MiB", or "4096 字节" below 1 MiB.
std::string size_text(uint64_t bytes) {
  if (bytes < 1024 * 1024) return std::to_string(bytes) + " 字节";
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

// "超过 200 MiB 的上限" / "超过 4096 字节的上限".
std::string over_limit(uint64_t limit) {
  const std::string size = size_text(limit);
  return "超过 " + size + (size.ends_with("MiB") ? " 的上限" : "的上限");
}

// The first bytes of the file, to say what it is when it is not a zip.
std::string file_magic(const std::string& path) {
  std::string magic(8, '\0');
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return {};
  magic.resize(std::fread(magic.data(), 1, magic.size(), f));
  std::fclose(f);
  return magic;
}

class RelationshipsHandler : public XmlHandler {
 public:
  RelationshipsHandler(std::string source, std::vector<Relationship>& out) : source_(std::move(source)), out_(out) {}
  void start(std::string_view local, const XmlAttributes& a) override {
    if (local != "Relationship") return;
    if (a.get("TargetMode").value_or("") == "External") return;
    Relationship r;
    r.id = std::string(a.get("Id").value_or(""));
    r.type = std::string(a.get("Type").value_or(""));
    r.target = resolve_part_name(source_, a.get("Target").value_or(""));
    out_.push_back(std::move(r));
  }
  void end(std::string_view) override {}

 private:
  std::string source_;
  std::vector<Relationship>& out_;
};

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

std::string resolve_part_name(std::string_view source_part, std::string_view target) {
  std::string joined;
  if (target.starts_with("/")) {
    joined = std::string(target.substr(1));
  } else {
    const std::size_t slash = source_part.rfind('/');
    joined = (slash == std::string_view::npos ? std::string() : std::string(source_part.substr(0, slash + 1))) +
             std::string(target);
  }
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    const std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

OoxmlPackage::~OoxmlPackage() {
  if (archive_) zip_discard(archive_);  // read-only: never writes anything back
}

std::optional<std::string> OoxmlPackage::open(const std::string& path) {
  int error = 0;
  archive_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (archive_) return std::nullopt;
  zip_error_t ze;
  zip_error_init_with_code(&ze, error);
  const std::string reason = zip_error_strerror(&ze);
  const int system_error = zip_error_code_system(&ze);
  zip_error_fini(&ze);
  switch (error) {
    case ZIP_ER_NOENT:
      return "无法打开文件 " + path + "：文件不存在";
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
      return "无法读取文件 " + path + "：" + (system_error ? std::strerror(system_error) : reason);
    case ZIP_ER_NOZIP: {
      const std::string magic = file_magic(path);
      if (magic.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        return "文件不是 .xlsx 工作簿，而是 Excel 97-2003（.xls）格式或设置了打开密码的工作簿；"
               "请在 Excel 中另存为不加密的 .xlsx 或“CSV UTF-8（逗号分隔）”";
      }
      return "文件不是 .xlsx 工作簿（不是 ZIP 格式；可能不完整、已损坏，或只是改了扩展名）";
    }
    default:
      return "文件不是有效的 .xlsx 工作簿（ZIP 结构损坏：" + reason + "）";
  }
}

bool OoxmlPackage::has_part(const std::string& name) const {
  return archive_ && zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE) >= 0;
}

std::optional<std::string> OoxmlPackage::parse_part(const std::string& name, XmlHandler& handler) const {
  const uint64_t limit = max_part_bytes_;
  const std::string label = "工作簿内部文件 " + name;
  if (!archive_) return label + " 无法读取：工作簿未打开";
  const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return "工作簿缺少内部文件 " + name + "，可能已损坏";
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
      st.size > limit) {
    return label + " 解压后有 " + size_text(st.size) + "，" + over_limit(limit) + "，已拒绝读取";
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0));
  if (!file) return label + " 无法解压（" + zip_strerror(archive_) + "）";
  XmlStream xml(handler);
  std::string buffer(1 << 16, '\0');
  uint64_t total = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
    if (n < 0) return label + " 无法解压，工作簿可能已损坏（" + zip_file_strerror(file.get()) + "）";
    total += static_cast<uint64_t>(n);
    if (total > limit) return label + " 解压后" + over_limit(limit) + "，已拒绝读取";
    if (!xml.feed(buffer.data(), static_cast<std::size_t>(n), n == 0)) return label + " " + xml.error();
    if (n == 0) break;
  }
  return std::nullopt;
}

std::optional<std::string> OoxmlPackage::relationships(const std::string& part, std::vector<Relationship>& out) const {
  out.clear();
  std::string rels;
  const std::size_t slash = part.rfind('/');
  if (slash == std::string::npos) {
    rels = "_rels/" + part + ".rels";
  } else {
    rels = part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
  }
  if (!has_part(rels)) return std::nullopt;
  RelationshipsHandler handler(part, out);
  return parse_part(rels, handler);
}

}  // namespace rubric
