/*
 * text.h - the text writer (gcc-style findings and a summary line).
 */
#ifndef FIRELINT_FORMATS_TEXT_H
#define FIRELINT_FORMATS_TEXT_H

struct writer;

extern const struct writer text_writer;

#endif
