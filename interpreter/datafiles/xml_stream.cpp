#include "interpreter/datafiles/xml_stream.hpp"

#include <expat.h>

#include <climits>

namespace rubric {
namespace {

constexpr char kSeparator = '\x01';  // between namespace URI and local name

std::string_view local_part(const char* name) {
  const std::string_view n(name);
  const std::size_t sep = n.rfind(kSeparator);
  return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

}  // namespace

std::optional<std::string_view> XmlAttributes::get(std::string_view local) const {
  for (const char** a = atts_; a && a[0]; a += 2) {
    const std::string_view name(a[0]);
    if (name.find(kSeparator) == std::string_view::npos && name == local) return a[1];
  }
  return std::nullopt;
}

std::optional<std::string_view> XmlAttributes::relationship_id() const {
  for (const char** a = atts_; a && a[0]; a += 2) {
    const std::string_view name(a[0]);
    const std::size_t sep = name.rfind(kSeparator);
    if (sep == std::string_view::npos || name.substr(sep + 1) != "id") continue;
    if (name.substr(0, sep).ends_with("relationships")) return a[1];
  }
  return std::nullopt;
}

struct XmlStream::Impl {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  bool doctype = false;

  static void on_start(void* data, const XML_Char* name, const XML_Char** atts) {
    auto* self = static_cast<Impl*>(data);
    self->handler->start(local_part(name), XmlAttributes(atts));
    self->check_stop();
  }
  static void on_end(void* data, const XML_Char* name) {
    auto* self = static_cast<Impl*>(data);
    self->handler->end(local_part(name));
    self->check_stop();
  }
  static void on_text(void* data, const XML_Char* s, int len) {
    auto* self = static_cast<Impl*>(data);
    self->handler->text(std::string_view(s, static_cast<std::size_t>(len)));
    self->check_stop();
  }
  static void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* self = static_cast<Impl*>(data);
    self->doctype = true;
    XML_StopParser(self->parser, XML_FALSE);
  }
  void check_stop() {
    if (handler->stop_reason) XML_StopParser(parser, XML_FALSE);
  }
};

XmlStream::XmlStream(XmlHandler& handler) : impl_(new Impl) {
  impl_->handler = &handler;
  impl_->parser = XML_ParserCreateNS(nullptr, kSeparator);
  if (!impl_->parser) {
    error_ = "内存不足，无法解析 XML";
    return;
  }
  XML_SetUserData(impl_->parser, impl_);
  XML_SetElementHandler(impl_->parser, &Impl::on_start, &Impl::on_end);
  XML_SetCharacterDataHandler(impl_->parser, &Impl::on_text);
  XML_SetStartDoctypeDeclHandler(impl_->parser, &Impl::on_doctype);
}

XmlStream::~XmlStream() {
  if (impl_->parser) XML_ParserFree(impl_->parser);
  delete impl_;
}

bool XmlStream::feed(const char* data, std::size_t size, bool last) {
  if (!error_.empty()) return false;
  XML_Parser p = impl_->parser;
  // XML_Parse takes an int length; feed large buffers in pieces.
  while (size > 0 || last) {
    const int n = size > static_cast<std::size_t>(INT_MAX / 2) ? INT_MAX / 2 : static_cast<int>(size);
    const bool final_piece = last && static_cast<std::size_t>(n) == size;
    const XML_Status status = XML_Parse(p, data, n, final_piece ? XML_TRUE : XML_FALSE);
    if (status != XML_STATUS_OK) {
      if (impl_->handler->stop_reason) {
        error_ = *impl_->handler->stop_reason;
      } else if (impl_->doctype) {
        error_ = "含有文档类型声明（DTD），Excel 工作簿不会有，已拒绝读取";
      } else {
        error_ = "XML 格式错误（第 " + std::to_string(XML_GetCurrentLineNumber(p)) + " 行第 " +
                 std::to_string(XML_GetCurrentColumnNumber(p) + 1) + " 列：" +
                 XML_ErrorString(XML_GetErrorCode(p)) + "）";
      }
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
    if (final_piece) break;
  }
  return true;
}

}  // namespace rubric
