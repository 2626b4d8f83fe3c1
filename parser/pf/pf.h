/*
 * pf.h - the OpenBSD PF (pf.conf) front end.
 */
#ifndef FIRELINT_PARSER_PF_H
#define FIRELINT_PARSER_PF_H

#include "parser/frontend.h"

extern const struct frontend pf_frontend;

#endif
