# SPDX-License-Identifier: GPL-3.0-or-later
#
# The declarative list of shader variants: one hearth_shader() per (operation, variant).
# Variant names follow op_weighttype[_feature].

# Matrix-vector product y = W x with W in float32, one workgroup per row block.
hearth_shader(matvec_f32 SOURCE matvec.comp DEFINES WTYPE_F32)
