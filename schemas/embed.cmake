# Writes INPUT's text into OUTPUT as `const char* dc::SYMBOL()`.
file(READ ${INPUT} content)
set(delim "dc_embed_")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT}; do not edit.\nnamespace dc {\nconst char* ${SYMBOL}() {\n"
  "    return R\"${delim}(${content})${delim}\";\n}\n}  // namespace dc\n")
