// Streaming XML with expat, for the parts of an .xlsx package.
//
// Namespace processing is on and handlers see local names only ("row", "c",
// "t" whatever the prefix); attributes are looked up by local name (those
// without a namespace) or, for r:id, by namespace suffix. A document type
// declaration is refused (OOXML never has one), which also rules out entity
// expansion attacks; expat's own amplification limits apply as well.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rubric {

class XmlAttributes {
 public:
  explicit XmlAttributes(const char** atts) : atts_(atts) {}
  // Value of the attribute with this local name and no namespace.
  std::optional<std::string_view> get(std::string_view local) const;
  // Value of the attribute "id" in a relationships namespace (r:id in
  // transitional or strict OOXML).
  std::optional<std::string_view> relationship_id() const;

 private:
  const char** atts_;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view local, const XmlAttributes& attributes) = 0;
  virtual void end(std::string_view local) = 0;
  virtual void text(std::string_view) {}
  // Set by a handler to stop parsing; the message becomes the parse error.
  std::optional<std::string> stop_reason;
};

// Feeds a document to a handler chunk by chunk.
class XmlStream {
 public:
  explicit XmlStream(XmlHandler& handler);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Returns false once parsing failed or was stopped; see error().
  bool feed(const char* data, std::size_t size, bool last);
  // Chinese; includes expat's line and column and (English) reason.
  const std::string& error() const { return error_; }

 private:
  struct Impl;
  Impl* impl_;
  std::string error_;
};

}  // namespace rubric
