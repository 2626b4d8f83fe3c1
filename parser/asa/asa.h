/*
 * asa.h - the Cisco PIX / ASA / FWSM front end: running-configs and
 * "show access-list" output.
 */
#ifndef FIRELINT_PARSER_ASA_H
#define FIRELINT_PARSER_ASA_H

#include "parser/frontend.h"

extern const struct frontend asa_frontend;

#endif
