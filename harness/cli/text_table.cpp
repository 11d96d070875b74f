#include "text_table.hpp"

#include <algorithm>

namespace mxconf::cli {
namespace {

std::vector<std::size_t> column_widths(const TextTable& table) {
  std::vector<std::size_t> widths(table.header.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  };
  widen(table.header);
  for (const auto& row : table.rows) widen(row);
  return widths;
}

std::string plain_row(const std::vector<std::string>& row, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t c = 0; c < row.size(); ++c) {
    line += row[c];
    if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 2, ' ');
  }
  return line + '\n';
}

std::string escape_markdown_cell(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_row(const std::vector<std::string>& row) {
  std::string line = "|";
  for (const auto& cell : row) line += " " + escape_markdown_cell(cell) + " |";
  return line + '\n';
}

}  // namespace

std::string render_plain(const TextTable& table) {
  const auto widths = column_widths(table);
  std::string out = plain_row(table.header, widths);
  for (const auto& row : table.rows) out += plain_row(row, widths);
  return out;
}

std::string render_markdown(const TextTable& table) {
  std::string out = markdown_row(table.header);
  out += "|";
  for (std::size_t c = 0; c < table.header.size(); ++c) out += "---|";
  out += '\n';
  for (const auto& row : table.rows) out += markdown_row(row);
  return out;
}

}  // namespace mxconf::cli
