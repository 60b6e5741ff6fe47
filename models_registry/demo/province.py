"""The demo province (the new Vĩnh Long): its units, people, committees and two campaigns, as data.

`loader.py` builds it; every initiative is then moved to its state through the lifecycle.
"""

from __future__ import annotations

import datetime

from campaigns.models import InitiativeKind, Role, UnitKind
from models_registry.models import State

PASSWORD = "dvk-demo-2026"
PROVINCE_CODE = "VLG"  # the demo marker: the province unit with this code
GROUP_NAME = "Ban Chỉ đạo"
EMAIL_DOMAIN = "vinhlong.example.org"

# The smallest valid PNG and PDF: real bytes, so evidence passes the content check.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# ----- the organisation -----------------------------------------------------------------------
# (name, kind, children); children are (name, kind) pairs.
COMMUNES = [
    (
        "Xã Long Hồ",
        UnitKind.COMMUNE,
        [
            ("Ấp Phước Hanh A", UnitKind.HAMLET),
            ("Ấp Phước Hanh B", UnitKind.HAMLET),
            ("Ấp Long Hòa", UnitKind.HAMLET),
            ("Ủy ban Mặt trận Tổ quốc xã Long Hồ", UnitKind.FRONT),
        ],
    ),
    (
        "Phường Trà Vinh",
        UnitKind.WARD,
        [("Khóm 4", UnitKind.URBAN_HAMLET), ("Khóm 5", UnitKind.URBAN_HAMLET), ("Khóm 7", UnitKind.URBAN_HAMLET)],
    ),
    (
        "Phường Long Châu",
        UnitKind.WARD,
        [("Khóm 1", UnitKind.URBAN_HAMLET), ("Khóm 2", UnitKind.URBAN_HAMLET), ("Tổ dân phố 9", UnitKind.STREET_GROUP)],
    ),
    ("Phường Thanh Đức", UnitKind.WARD, [("Khóm Tân Hòa", UnitKind.URBAN_HAMLET)]),
    ("Phường Phước Hậu", UnitKind.WARD, []),
    (
        "Phường Bến Tre",
        UnitKind.WARD,
        [("Khu phố 1", UnitKind.RESIDENTIAL_AREA), ("Khu phố 3", UnitKind.RESIDENTIAL_AREA)],
    ),
    ("Phường An Hội", UnitKind.WARD, []),
    ("Phường Bình Minh", UnitKind.WARD, [("Khóm Thuận Tiến", UnitKind.URBAN_HAMLET)]),
    ("Xã Cái Nhum", UnitKind.COMMUNE, [("Ấp Nhơn Ngãi", UnitKind.HAMLET), ("Ấp Nhơn Trị", UnitKind.HAMLET)]),
    ("Xã Tam Bình", UnitKind.COMMUNE, [("Ấp Phú Yên", UnitKind.HAMLET)]),
    ("Xã Trà Ôn", UnitKind.COMMUNE, []),
    ("Xã Chợ Lách", UnitKind.COMMUNE, [("Ấp Sơn Phú", UnitKind.HAMLET)]),
    ("Xã Mỏ Cày", UnitKind.COMMUNE, []),
    ("Xã Ba Tri", UnitKind.COMMUNE, [("Ấp Phú Thạnh", UnitKind.HAMLET)]),
    ("Xã Thạnh Phú", UnitKind.COMMUNE, []),
    ("Xã Cầu Kè", UnitKind.COMMUNE, [("Ấp Trà Mẹt", UnitKind.HAMLET)]),
    ("Xã Tiểu Cần", UnitKind.COMMUNE, []),
    ("Phường Duyên Hải", UnitKind.WARD, [("Khóm 2 Duyên Hải", UnitKind.URBAN_HAMLET)]),
]
AGENCIES = [
    ("Sở Nông nghiệp và Môi trường", UnitKind.AGENCY),
    ("Sở Y tế", UnitKind.AGENCY),
    ("Sở Giáo dục và Đào tạo", UnitKind.AGENCY),
    ("Công an tỉnh", UnitKind.ARMED_FORCES),
    ("Bộ Chỉ huy Quân sự tỉnh", UnitKind.ARMED_FORCES),
]
FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Vĩnh Long"
MASS_ORGANISATIONS = [
    "Hội Nông dân tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh đoàn (Đoàn Thanh niên Cộng sản Hồ Chí Minh)",
    "Hội Cựu chiến binh tỉnh",
]

# ----- the people -----------------------------------------------------------------------------
# username → (full name, title).
DEMO_USERS = {
    "admin": ("Quản trị hệ thống", ""),
    "chair": ("Nguyễn Văn Hùng", "Trưởng ban Chỉ đạo tỉnh"),
    "secretary": ("Trần Thị Ngọc Lan", "Cơ quan thường trực Ban Chỉ đạo tỉnh"),
    "member": ("Lê Minh Tuấn", "Ủy viên Ban Chỉ đạo xã Long Hồ"),
    "staff": ("Phạm Thị Thu Hà", "Cán bộ ấp Phước Hanh A"),
    "staff2": ("Thạch Sô Phanh", "Cán bộ khóm 4, phường Trà Vinh"),
}
OTHER_COMMITTEE_USERS = {
    "photruongban": ("Võ Thanh Sơn", "Phó Trưởng ban Chỉ đạo tỉnh"),
    "uyvien.tinh": ("Huỳnh Thị Mỹ Dung", "Ủy viên Ban Chỉ đạo tỉnh"),
    "truongban.longho": ("Đặng Văn Phúc", "Trưởng ban Chỉ đạo xã Long Hồ"),
    "uyvien.longho": ("Bùi Thị Kim Hạnh", "Ủy viên Ban Chỉ đạo xã Long Hồ"),
    "truongban.travinh": ("Kim Thị Sa Rết", "Trưởng ban Chỉ đạo phường Trà Vinh"),
    "uyvien.travinh": ("Dương Quốc Bảo", "Ủy viên Ban Chỉ đạo phường Trà Vinh"),
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Dương", "Trương", "Thạch", "Sơn", "Lâm"]
MIDDLE_MALE = ["Văn", "Minh", "Hoàng", "Thanh", "Quốc", "Hữu"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thị Kim", "Thị Mỹ", "Thanh"]
GIVEN_MALE = ["Tư", "Sáu", "Dũng", "Phúc", "Tài", "Nghĩa", "Hiếu", "Lộc", "Khánh", "Sóc", "Bình", "Trung"]
GIVEN_FEMALE = ["Mai", "Hạnh", "Thảo", "Lan", "Nga", "Diễm", "Trinh", "Hồng", "Yến", "Thúy", "Phượng"]

# ----- the committees -------------------------------------------------------------------------
# key → (name, unit); the province's committee runs the campaigns.
COMMITTEES = {
    "provincial": ("Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh Vĩnh Long", "Tỉnh Vĩnh Long"),
    "long_ho": ("Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã Long Hồ", "Xã Long Hồ"),
    "tra_vinh": ("Ban Chỉ đạo phong trào thi đua “Dân vận khéo” phường Trà Vinh", "Phường Trà Vinh"),
}
SEATS = [
    ("provincial", "chair", Role.CHAIR),
    ("provincial", "secretary", Role.SECRETARIAT),
    ("provincial", "photruongban", Role.VICE_CHAIR),
    ("provincial", "uyvien.tinh", Role.MEMBER),
    ("long_ho", "truongban.longho", Role.CHAIR),
    ("long_ho", "member", Role.MEMBER),
    ("long_ho", "uyvien.longho", Role.MEMBER),
    ("tra_vinh", "truongban.travinh", Role.CHAIR),
    ("tra_vinh", "uyvien.travinh", Role.MEMBER),
]
# How many of 2025's approved initiatives the summary closed as unfinished, and what it wrote to their units.
CLOSED_UNFINISHED_2025 = 2
UNFINISHED_NOTE = "Đến kỳ tổng kết đơn vị chưa báo cáo kết quả; đóng hồ sơ, đơn vị có thể đăng ký lại ở đợt sau."

# The running campaign's quorum: a recognition needs two submitted score sheets.
QUORUM = 2

# How each committee's papers look (campaigns.DocumentSettings): the province's committee was founded
# by the Provincial Party Committee (Guidance 36-HD/VPTW: the star, "Số 01-QĐ/BCĐ", numbered per term);
# the commune's and the ward's by their People's Committees (Decree 30/2020: "Số: 01/QĐ-BCĐ", per year).
# The provincial committee's saved reasons (committee:reason_list): what it writes again and again.
REASON_TEMPLATES = {
    "provincial": [
        (
            "return_for_revision",
            "Đề nghị đơn vị ghi rõ địa bàn thực hiện (ấp, khóm, xã, phường), số hộ dân tham gia và thời gian "
            "bắt đầu, kết thúc cụ thể của mô hình.",
        ),
        (
            "return_for_revision",
            "Nội dung đăng ký trùng với mô hình đơn vị đã được công nhận năm trước; đề nghị đăng ký theo hình "
            "thức duy trì, nêu rõ điểm mới và kết quả nâng lên so với năm trước.",
        ),
        (
            "reject",
            "Nội dung đăng ký là nhiệm vụ chuyên môn thường xuyên của đơn vị, chưa thể hiện cách làm mới trong "
            "công tác vận động nhân dân nên chưa đủ điều kiện đăng ký mô hình “Dân vận khéo”.",
        ),
        (
            "decline_recognition",
            "Minh chứng chưa thể hiện kết quả đạt được so với mục tiêu đã đăng ký (thiếu số liệu, hình ảnh, "
            "biên bản nghiệm thu); điểm bình quân của Ban Chỉ đạo chưa đạt ngưỡng công nhận.",
        ),
    ],
}

DOCUMENT_SETTINGS = {
    "provincial": {
        "format": "party",
        "governing_body": "Tỉnh ủy Vĩnh Long",
        "issuer_name": "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
        "place": "Vĩnh Long",
        "number_symbol": "BCĐ",
        "term": "2025-2030",
        "signing_authority": "head",
        "default_recipients": "Ban Dân vận Trung ương (để báo cáo)\nThường trực Tỉnh ủy (để báo cáo)\n"
        "Các thành viên Ban Chỉ đạo",
        "archive_mark": "BDV",
    },
    "long_ho": {
        "format": "state",
        "governing_body": "Ủy ban nhân dân xã Long Hồ",
        "issuer_name": "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã",
        "place": "Long Hồ",
        "number_symbol": "BCĐ",
        "signing_authority": "head",
        "default_recipients": "Ban Chỉ đạo tỉnh (để báo cáo)\nĐảng ủy xã (để báo cáo)\nCác ấp",
        "archive_mark": "",
    },
    "tra_vinh": {
        "format": "state",
        "governing_body": "Ủy ban nhân dân phường Trà Vinh",
        "issuer_name": "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” phường",
        "place": "Trà Vinh",
        "number_symbol": "BCĐ",
        "signing_authority": "head",
        "default_recipients": "Ban Chỉ đạo tỉnh (để báo cáo)\nĐảng ủy phường (để báo cáo)\nCác khóm",
        "archive_mark": "",
    },
}
# The "Căn cứ …" lines each committee picks from (all used by default).
LEGAL_BASES = {
    "provincial": [
        "Căn cứ Quy định số 23-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về công tác dân vận "
        "của hệ thống chính trị",
        "Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017 của Ban Dân vận Tỉnh ủy về thực hiện phong trào "
        "thi đua “Dân vận khéo”",
        "Căn cứ Quy chế làm việc của Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
    ],
    "long_ho": [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022",
        "Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017 của Ban Dân vận Tỉnh ủy về thực hiện phong trào "
        "thi đua “Dân vận khéo”",
        "Căn cứ Quyết định thành lập Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã",
    ],
    "tra_vinh": [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022",
        "Căn cứ Hướng dẫn số 02-HD/BDV ngày 12/9/2017 của Ban Dân vận Tỉnh ủy về thực hiện phong trào "
        "thi đua “Dân vận khéo”",
        "Căn cứ Quyết định thành lập Ban Chỉ đạo phong trào thi đua “Dân vận khéo” phường",
    ],
}
# Who signs, who appraises registrations (one name twice: drawn twice as often), who scores and inspects.
COMMITTEE_WORK = {
    "provincial": {
        "leader": "chair",
        "appraisers": ["chair", "secretary", "photruongban", "uyvien.tinh"],
        "scorers": ["chair", "secretary", "photruongban", "uyvien.tinh"],
    },
    "long_ho": {
        "leader": "truongban.longho",
        "appraisers": ["member", "member", "uyvien.longho", "truongban.longho"],
        "scorers": ["truongban.longho", "member", "uyvien.longho"],
    },
    "tra_vinh": {
        "leader": "truongban.travinh",
        "appraisers": ["uyvien.travinh", "truongban.travinh"],
        "scorers": ["truongban.travinh", "uyvien.travinh"],
    },
}
# The committee members' admin rights: see and work the registry, read the organisation.
GROUP_PERMISSIONS = {
    "models_registry": {
        "initiative": ("view", "change"),
        "transitionlog": ("view",),
        "inspection": ("view", "add", "change"),
        "scoresheet": ("view", "add", "change"),
        "scoreitem": ("view", "change"),
        "recognitiondecision": ("view", "change"),
        "commendation": ("view", "add", "change"),
        "commendationproposal": ("view", "add", "change"),
        "attachment": ("view", "add"),
    },
    "campaigns": {
        "unit": ("view",),
        "unitmembership": ("view",),
        "steeringcommittee": ("view",),
        "committeemembership": ("view",),
        "field": ("view",),
        "campaign": ("view", "change"),
        "campaignlog": ("view",),
        "campaigndocument": ("view", "add", "change"),
        "criteriaset": ("view", "add", "change"),
        "criterion": ("view", "add", "change"),
    },
}

# ----- unit staff -------------------------------------------------------------------------------
# Every unit registers except the province, the provincial Front and one hamlet; each gets one
# made-up officer, except the demo logins' own units.
NOT_REGISTERING = ("Tỉnh Vĩnh Long", FRONT, "Khóm 7")
STAFF_UNITS = {"Ấp Phước Hanh A": "staff", "Khóm 4": "staff2"}
STAFF_TITLE = "Cán bộ phụ trách phong trào"

# ----- the campaigns ----------------------------------------------------------------------------
MODEL_CRITERIA = [
    ("Có cách làm sáng tạo, tiết kiệm thời gian và chi phí", 20),
    ("Người đứng đầu thuyết phục được nhân dân tự giác chấp hành pháp luật", 20),
    ("Huy động được nhiều lực lượng cùng tham gia", 20),
    ("Hài hòa lợi ích tập thể, cá nhân và xã hội", 20),
    ("Có tính bền vững, khả năng nhân rộng", 20),
]
EXEMPLAR_CRITERIA = [
    ("Gương mẫu, vận động gia đình cùng thực hiện", 20),
    ("Có ý tưởng, cách làm hay", 20),
    ("Góp phần giải quyết vụ việc tồn đọng, bức xúc kéo dài", 20),
    ("Tận tụy phục vụ nhân dân", 20),
    ("Gia đình văn hóa nhiều năm liền, hoàn thành tốt nghĩa vụ công dân", 20),
]

CRITERIA_SETS = [
    (InitiativeKind.MODEL, "Tiêu chí công nhận mô hình", MODEL_CRITERIA),
    (InitiativeKind.EXEMPLAR, "Tiêu chí công nhận điển hình", EXEMPLAR_CRITERIA),
]
THRESHOLD = 70
THEME = "Dân vận khéo — chung sức xây dựng tỉnh Vĩnh Long giàu đẹp, văn minh"
LAUNCH_COMMENT = "Phát động tại hội nghị triển khai công tác dân vận."
LESSONS_2025 = (
    "Mô hình thành công khi người dân được bàn bạc từ đầu và thấy lợi ích thiết thực; "
    "cần tránh đăng ký lại mô hình cũ như mô hình mới; tăng cường kiểm tra giữa kỳ."
)


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# Each year's calendar: registration window, launch, and when each kind of step happens
# ((first day, span in days) windows; "decide" is the committees' decision day).
CAMPAIGNS = {
    2025: {
        "registration": (_d(2025, 1, 15), _d(2025, 3, 31)),
        "launch": _d(2025, 1, 10),
        "early": (_d(2025, 1, 20), 55),
        "recent": (_d(2025, 1, 20), 55),
        "inspect": (_d(2025, 6, 10), 80),
        "request": (_d(2025, 10, 1), 30),
        "score": (_d(2025, 11, 3), 10),
        "decide": _d(2025, 11, 25),
        "commend": (_d(2025, 12, 5), 4),  # (day, how many recognized ones)
        "summarize": _d(2025, 12, 20),
    },
    2026: {
        "registration": (_d(2026, 1, 15), _d(2026, 12, 15)),
        "launch": _d(2026, 1, 10),
        "early": (_d(2026, 1, 20), 45),
        "recent": (_d(2026, 10, 12), 30),
        "inspect": (_d(2026, 6, 1), 90),
        "request": (_d(2026, 10, 5), 35),
        "score": (_d(2026, 11, 12), 6),
        "decide": _d(2026, 11, 20),
        "commend": (_d(2026, 11, 24), 3),
        "summarize": None,
    },
}
# How many initiatives end in each state, per campaign.
STATES = {
    2025: {
        State.RECOGNIZED: 24,
        # Recognized by a supplementary decision, then revoked (`REVOCATION_2025`).
        State.RECOGNITION_REVOKED: 2,
        State.NOT_RECOGNIZED: 4,
        State.REJECTED: 3,
        State.WITHDRAWN: 3,
        State.APPROVED: 4,
    },
    2026: {
        State.DRAFT: 14,
        State.SUBMITTED: 24,
        State.RETURNED: 12,
        State.APPROVED: 30,
        State.REJECTED: 8,
        State.RECOGNITION_REQUESTED: 20,
        State.RECOGNIZED: 30,
        State.NOT_RECOGNIZED: 5,
        State.WITHDRAWN: 7,
    },
}
# 2025's revoked recognition: the province's committee recognized two models of Phường Long Châu's
# hamlets by a supplementary decision; re-inspecting them before the summary, it found their reported
# results untrue and revoked that decision by another (Decree 30: the revoking one names it).
REVOCATION_2025 = {
    "units": ["Khóm 1", "Khóm 2"],
    "recognized_on": _d(2025, 12, 1),
    "note": "Công nhận bổ sung mô hình “Dân vận khéo” năm 2025.",
    "revoked_on": _d(2025, 12, 15),
    "reason": "Kết quả báo cáo không đúng thực tế qua kiểm tra lại: số hộ tham gia và công trình hoàn thành "
    "thấp hơn số liệu đơn vị đã báo cáo.",
}
# The province's People's Committee recovers one of 2025's awards: a discipline case was pending when it
# was granted (no award while one is, Decree 152/2025), found by the inspection after the honouring.
RECOVERY_2025 = {
    "on": _d(2025, 12, 22),
    "number": "3120/QĐ-UBND",
    "reason": "Tại thời điểm khen thưởng đang có vụ việc kỷ luật chưa giải quyết xong "
    "(Nghị định 152/2025/NĐ-CP); thu hồi hiện vật và tiền thưởng kèm theo.",
}
# Initiatives placed on purpose, so each demo login finds its work: unit → states, per year.
FIXED = {
    2025: {"Ấp Phước Hanh A": [State.RECOGNIZED], "Khóm 4": [State.RECOGNIZED]},
    2026: {
        "Ấp Phước Hanh A": [
            State.DRAFT,
            State.DRAFT,
            State.RETURNED,
            State.APPROVED,
            State.APPROVED,
            State.RECOGNITION_REQUESTED,
            State.RECOGNITION_REQUESTED,
            State.SUBMITTED,
            State.RECOGNIZED,
            State.WITHDRAWN,
        ],
        "Khóm 4": [State.DRAFT, State.SUBMITTED, State.APPROVED, State.RECOGNIZED, State.RETURNED],
    },
}
# Registrations waiting for `member`: across the commune's hamlets and its Front (2026).
MEMBER_QUEUE = ["Ấp Phước Hanh B", "Ấp Long Hòa", "Ấp Phước Hanh B", "Xã Long Hồ", "Ủy ban Mặt trận Tổ quốc xã Long Hồ"]

# ----- the end ----------------------------------------------------------------------------------
LOGINS = {
    "admin": "Quản trị hệ thống",
    "chair": "Trưởng ban Chỉ đạo tỉnh",
    "secretary": "Cơ quan thường trực Ban Chỉ đạo tỉnh",
    "truongban.longho": "Trưởng ban Chỉ đạo xã Long Hồ (công nhận cấp xã, đề cử lên tỉnh)",
    "member": "Ủy viên Ban Chỉ đạo xã Long Hồ",
    "staff": "Cán bộ ấp Phước Hanh A (xã Long Hồ)",
    "staff2": "Cán bộ khóm 4 (phường Trà Vinh)",
}
