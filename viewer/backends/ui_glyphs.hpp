#pragma once
// Every non-Latin character the viewer's own UI uses, so the font atlas holds them even when
// they are outside ImGui's "common Chinese" set (辑, 栅, 溺 …). Regenerate after changing UI text:
//   python3 scripts/viewer_ui_glyphs.py
inline constexpr const char* kUiGlyphs =
    "–…一三上下与业个中为九人件任位例保倍值做停儿先入全共关具内再出击分初删别到制力加务动区半单县双"
    "发取口另可右合名否员回园围固图在场坐型域增处备复失子存季学安定室宿寄密导小少层属岗工已带帧平年"
    "幼度开径性恢成或所打护拖择按据撤播放救教散数文新时是暂机板析栅标栏校格桥梁梯楼模次步段每水河消"
    "添渠溺演点牌率现班生用疏的目确示种秒积称移空第等类系素级练组绘编置署职自至色节行要警认设责败贯"
    "路车轨较辑达运迹选速道部重钟销键门闭问间防限除险随需面项题风高默龄，";
