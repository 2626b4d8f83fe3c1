/*
 * fwb.h - the Firewall Builder (.fwb XML object database) front end.
 *
 * Objects referring to fwbuilder's Standard library that the file does
 * not embed are looked up in the library named by the environment
 * variable FIRELINT_FWB_LIBRARY (empty: nowhere), by default the newest
 * /usr/share/fwbuilder-VERSION/objects_init.xml of an installed
 * fwbuilder; what remains unresolved is an undefined object.
 */
#ifndef FIRELINT_PARSER_FWB_H
#define FIRELINT_PARSER_FWB_H

#include "parser/frontend.h"

extern const struct frontend fwb_frontend;

#endif
