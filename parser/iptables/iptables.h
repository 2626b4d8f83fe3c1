/*
 * iptables.h - the iptables-save / ip6tables-save front end.
 */
#ifndef FIRELINT_PARSER_IPTABLES_H
#define FIRELINT_PARSER_IPTABLES_H

#include "parser/frontend.h"

extern const struct frontend iptables_frontend;

#endif
