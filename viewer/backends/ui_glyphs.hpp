#pragma once
// Every non-Latin character the viewer's own UI uses, so the font atlas holds them even when
// they are outside ImGui's "common Chinese" set (辑, 栅, 溺 …). Regenerate after changing UI text:
//   python3 scripts/viewer_ui_glyphs.py
inline constexpr const char* kUiGlyphs =
    "–…一三与业个中为九人件任位例保倍值做停儿先入全共具再击分初删别到制力加务动区单县双取另可右合名"
    "否回园围固图在场坐型域备复失子存学安定宿寄密导小少层属岗工已带年幼度开待性恢成或所打护拖择据接"
    "撤播放救散数文新时是暂机析栅标栏校格桥梁次段水河消添渠溺演点牌生疏的目确示种积称移空第等类系素"
    "级练绘编置职自至色行要警认设责败贯路车轨较辑运迹选速道重销键门闭间防除险随需面项风高默，";
