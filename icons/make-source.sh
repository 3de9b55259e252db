#!/usr/bin/env bash
# Draws Rapport's mark, icons/source.png: two overlapping rings on an indigo rounded square, their
# overlap (the relationship itself) in warm amber. Every other icon in this folder is generated
# from it with `npx --yes @tauri-apps/cli@^2 icon icons/source.png -o icons`.
#
# Uses Debian's ImageMagick 6 at /usr/bin/convert on purpose: on our build machines
# /usr/local/bin/convert is a stand-in that shadows it.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert
S=1024
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The tile: a diagonal gradient clipped to a rounded square with a margin, so the mark does not
# look larger than its neighbours in a dock or launcher.
$IM -size ${S}x${S} -define gradient:direction=SouthEast gradient:'#5B7CFA'-'#2F3FB8' "$tmp/grad.png"
$IM -size ${S}x${S} xc:none -fill white -draw "roundrectangle 72,72 951,951 210,210" "$tmp/mask.png"
$IM "$tmp/grad.png" "$tmp/mask.png" -alpha off -compose CopyOpacity -composite "$tmp/tile.png"

# Two circles of radius 200 whose centres are 220 apart: a generous lens between them.
left="circle 402,512 602,512"
right="circle 622,512 822,512"
$IM -size ${S}x${S} xc:none -fill white -draw "$left" "$tmp/a.png"
$IM -size ${S}x${S} xc:none -fill white -draw "$right" "$tmp/b.png"
$IM "$tmp/a.png" "$tmp/b.png" -compose DstIn -composite "$tmp/lens-mask.png"
$IM -size ${S}x${S} xc:'#FFC35A' "$tmp/lens-mask.png" -alpha off -compose CopyOpacity -composite "$tmp/lens.png"
$IM -size ${S}x${S} xc:none -fill none -stroke white -strokewidth 48 -draw "$left" -draw "$right" "$tmp/rings.png"

$IM "$tmp/tile.png" "$tmp/lens.png" -compose Over -composite "$tmp/rings.png" -compose Over -composite \
  PNG32:source.png
echo "wrote icons/source.png"
