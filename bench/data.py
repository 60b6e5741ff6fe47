"""What the benchmark province is made of: years, state shares, paths, and Vietnamese text pools (NFC).

Plain data for `bench/generator.py`; the paths to each state come from the lifecycle's table.
"""

from __future__ import annotations

from functools import lru_cache

from campaigns.models import UnitKind
from campaigns.text import fold, nfc
from models_registry.lifecycle import TRANSITIONS, path_through, path_to
from models_registry.models import State

PROVINCE_CODE = "BENCH-VL"
PASSWORD = "dvk-demo-2026"
YEARS = (2022, 2023, 2024, 2025, 2026)
CURRENT_YEAR = 2026
# Share of the initiatives registered in each yearly campaign (the movement grows).
YEAR_WEIGHTS = (16, 18, 20, 22, 24)

# Final states in a summarized year and in the running one (percent).
SUMMARIZED_STATES = {
    State.RECOGNIZED: 51,
    # Recognized, then revoked by a later decision after a re-inspection (bench/decisions.py).
    State.RECOGNITION_REVOKED: 1,
    State.APPROVED: 10,
    # Closed at the summary without results (issue 19): the secretariat chose not to carry them over.
    State.UNFINISHED: 2,
    State.NOT_RECOGNIZED: 9,
    State.REJECTED: 7,
    State.WITHDRAWN: 7,
    State.RECOGNITION_REQUESTED: 4,
    State.DRAFT: 4,
    State.SUBMITTED: 3,
    State.RETURNED: 2,
}
RUNNING_STATES = {
    State.DRAFT: 9,
    State.SUBMITTED: 11,
    State.RETURNED: 5,
    State.APPROVED: 30,
    State.REJECTED: 3,
    State.RECOGNITION_REQUESTED: 12,
    State.RECOGNIZED: 22,
    State.NOT_RECOGNIZED: 4,
    State.WITHDRAWN: 4,
}

# The actions that lead from draft to each state; the first path is the common one.
# The actions that lead from draft to each state; the first path is the common one, the
# others take a detour (returned once, asked for more evidence once, withdrawn later).
S = State
PATHS: dict[str, list[tuple[str, ...]]] = {
    state: [tuple(path) for path in paths]
    for state, paths in {
        S.DRAFT: [path_to(S.DRAFT)],
        S.SUBMITTED: [path_to(S.SUBMITTED), path_through(S.RETURNED, S.SUBMITTED)],
        S.RETURNED: [path_to(S.RETURNED)],
        S.APPROVED: [path_to(S.APPROVED), path_through(S.RETURNED, S.APPROVED)],
        S.REJECTED: [path_to(S.REJECTED)],
        S.RECOGNITION_REQUESTED: [
            path_to(S.RECOGNITION_REQUESTED),
            path_through(S.RECOGNITION_REQUESTED, S.APPROVED, S.RECOGNITION_REQUESTED),
        ],
        S.RECOGNIZED: [path_to(S.RECOGNIZED), path_through(S.RETURNED, S.RECOGNIZED)],
        # Recognized, then its decision revoked ("decision_revoke", not a move of the table).
        S.RECOGNITION_REVOKED: [path_to(S.RECOGNITION_REVOKED), path_through(S.RETURNED, S.RECOGNITION_REVOKED)],
        S.NOT_RECOGNIZED: [path_to(S.NOT_RECOGNIZED)],
        S.WITHDRAWN: [
            path_through(S.SUBMITTED, S.WITHDRAWN),
            path_to(S.WITHDRAWN),
            path_through(S.APPROVED, S.WITHDRAWN),
        ],
        # Approved, then closed at the summary without results.
        S.UNFINISHED: [path_through(S.APPROVED, S.UNFINISHED)],
    }.items()
}
# One initiative with a long history: returned ten times, asked for more evidence eight times.
LONG_HISTORY = tuple(
    path_through(
        *[S.RETURNED, S.SUBMITTED] * 10, S.APPROVED, *[S.RECOGNITION_REQUESTED, S.APPROVED] * 8, S.RECOGNITION_REQUESTED
    )
)
STAFF_ACTIONS = frozenset(action for action, t in TRANSITIONS.items() if t.who == "staff")
# The states past a request for recognition (a local name until State names its groups): the
# request needs an inspection and evidence, so every initiative in them has both.
ASKED_FOR_RECOGNITION = frozenset(s for s in State.values if "request_recognition" in path_to(s))

# ----- Vietnamese text pools (NFC) ---------------------------------------------------------
PLACE_FIRST = ["Tân", "Phú", "Long", "Bình", "An", "Mỹ", "Hòa", "Thạnh", "Vĩnh", "Trung", "Hưng", "Lộc"]
PLACE_SECOND = ["Phước", "Hòa", "An", "Thành", "Lợi", "Đông", "Tây", "Mỹ", "Hưng", "Thuận", "Quới", "Ninh"]
AGENCIES = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Thuế tỉnh",
    "Ngân hàng Chính sách xã hội chi nhánh tỉnh",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "Trường Chính trị tỉnh",
    "Bệnh viện Đa khoa tỉnh",
    "Trường Đại học Cửu Long",
    "Trường Cao đẳng Kỹ thuật",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Đảng ủy UBND tỉnh",
    "Công ty Điện lực tỉnh",
    "Công ty Cấp thoát nước",
    "Cục Thống kê tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Quỹ Đầu tư phát triển tỉnh",
    "Trung tâm Phục vụ hành chính công",
]
ORGANISATIONS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", UnitKind.FRONT),
    ("Hội Liên hiệp Phụ nữ tỉnh", UnitKind.FRONT),
    ("Tỉnh đoàn", UnitKind.FRONT),
    ("Hội Nông dân tỉnh", UnitKind.FRONT),
    ("Hội Cựu chiến binh tỉnh", UnitKind.FRONT),
    ("Liên đoàn Lao động tỉnh", UnitKind.FRONT),
]
TITLES = {
    "economic": [
        "Tổ phụ nữ tiết kiệm",
        "Hiến đất làm đường giao thông nông thôn",
        "Tổ hợp tác trồng bưởi da xanh",
        "Chung sức xây dựng nông thôn mới",
        "Cánh đồng lớn liên kết tiêu thụ lúa",
        "Giúp nhau thoát nghèo bền vững",
        "Nuôi bò sinh sản cho hộ cận nghèo",
        "Chợ nông sản an toàn",
        "Vườn cây ăn trái kiểu mẫu",
        "Chuyển đổi số trong tiêu thụ nông sản",
    ],
    "culture_society": [
        "Tuyến đường hoa nông thôn mới",
        "Khuyến học, khuyến tài dòng họ",
        "Nếp sống văn minh trong việc cưới, tang",
        "Phân loại rác thải tại nguồn",
        "Bữa cơm nghĩa tình cho bệnh nhân nghèo",
        "Tủ sách pháp luật ở khu dân cư",
        "Dạy bơi miễn phí cho trẻ em",
        "Ngôi nhà nhân ái",
    ],
    "security_defence": [
        "Camera an ninh khu dân cư",
        "Tổ tự quản an ninh trật tự",
        "Khu dân cư không có tội phạm và tệ nạn ma túy",
        "Dòng họ không có người vi phạm pháp luật",
        "Cảm hóa, giáo dục người lầm lỗi",
        "Tổ hòa giải ở cơ sở",
    ],
    "political_system": [
        "Dân vận chính quyền trong cải cách hành chính",
        "Một cửa thân thiện",
        "Đối thoại trực tiếp với nhân dân",
        "Chi bộ bốn tốt",
        "Cán bộ, đảng viên gần dân, sát dân",
        "Giải quyết khiếu nại tại cơ sở",
    ],
    "other": [
        "Thanh niên tình nguyện vì cộng đồng",
        "Cựu chiến binh giúp nhau làm kinh tế",
        "Ngày thứ Bảy tình nguyện",
        "Đoàn viên công đoàn đồng hành cùng người lao động",
    ],
}
SITUATION = [
    "Trên địa bàn còn nhiều tuyến đường đất, mùa mưa lầy lội, việc đi lại của bà con gặp nhiều khó khăn.",
    "Tỷ lệ hộ nghèo và cận nghèo còn cao, một bộ phận người dân chưa có việc làm ổn định.",
    "Tình trạng xả rác bừa bãi ra kênh rạch ảnh hưởng đến môi trường và sức khỏe người dân.",
    "Một số thanh thiếu niên bỏ học sớm, có nguy cơ sa vào tệ nạn xã hội.",
    "Thủ tục hành chính còn rườm rà, người dân phải đi lại nhiều lần.",
    "Sản xuất nông nghiệp còn nhỏ lẻ, giá cả nông sản bấp bênh, thu nhập người dân chưa cao.",
    "Tình hình an ninh trật tự có lúc còn phức tạp, trộm cắp vặt vẫn xảy ra.",
    "Nhiều hộ gia đình có hoàn cảnh khó khăn cần được hỗ trợ kịp thời.",
]
PURPOSE = [
    "Phát huy vai trò chủ thể của nhân dân, huy động sức dân cùng với Nhà nước thực hiện nhiệm vụ chính trị ở địa phương.",
    "Nâng cao đời sống vật chất và tinh thần của nhân dân, củng cố niềm tin của nhân dân với Đảng và chính quyền.",
    "Tạo sự đồng thuận trong cộng đồng, góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội.",
    "Vận động hội viên, đoàn viên giúp nhau phát triển kinh tế gia đình, giảm nghèo bền vững.",
]
GOALS = [
    "Đến cuối năm có ít nhất 90% hộ gia đình tham gia.",
    "Giảm 2% hộ nghèo so với đầu năm.",
    "Hoàn thành 3 km đường bê tông do nhân dân đóng góp.",
    "100% hộ dân thực hiện phân loại rác tại nguồn.",
    "Không để xảy ra vụ việc phức tạp kéo dài.",
    "Thu nhập bình quân của thành viên tăng 15%.",
]
SOLUTIONS = [
    "Tổ chức họp dân, tuyên truyền công khai mục đích, nội dung và lợi ích của mô hình.",
    "Phân công cán bộ, đảng viên phụ trách từng nhóm hộ, thường xuyên nắm tình hình.",
    "Huy động nguồn lực xã hội hóa, kết hợp hỗ trợ của Nhà nước và đóng góp của nhân dân.",
    "Định kỳ sơ kết, rút kinh nghiệm, biểu dương những cá nhân, hộ gia đình tiêu biểu.",
    "Phối hợp với các ngành chuyên môn tập huấn kỹ thuật cho người dân.",
    "Xây dựng quy ước, hương ước và niêm yết công khai tại nhà văn hóa ấp.",
]
TARGET_GROUP = [
    "Hộ gia đình trên địa bàn ấp.",
    "Hội viên phụ nữ và hộ nghèo, cận nghèo.",
    "Đoàn viên thanh niên và học sinh.",
    "Người dân đến giao dịch tại bộ phận một cửa.",
    "Hộ sản xuất nông nghiệp.",
]
FORCES = [
    "Chi bộ lãnh đạo, Ban Nhân dân ấp chủ trì, Mặt trận và các đoàn thể phối hợp, nhân dân tham gia.",
    "Hội Liên hiệp Phụ nữ chủ trì, Đoàn Thanh niên và Hội Nông dân phối hợp.",
    "Công an xã chủ trì, Tổ bảo vệ an ninh trật tự ở cơ sở và nhân dân tham gia.",
]
RESOURCES = [
    "Nhân dân đóng góp ngày công và vật liệu; ngân sách hỗ trợ một phần.",
    "Vốn vay ưu đãi của Ngân hàng Chính sách xã hội và quỹ hội.",
    "Kinh phí xã hội hóa từ các nhà hảo tâm và doanh nghiệp trên địa bàn.",
]
OUTPUTS = [
    "Báo cáo kết quả, hình ảnh trước và sau khi thực hiện, danh sách hộ tham gia.",
    "Công trình hoàn thành đưa vào sử dụng, biên bản nghiệm thu có chữ ký của nhân dân.",
    "Số hộ thoát nghèo, thu nhập tăng thêm được xác nhận.",
]
SUSTAINABILITY = [
    "Mô hình có thể duy trì lâu dài và nhân rộng ra các ấp khác trong xã.",
    "Nhân dân đồng thuận cao, có quy chế hoạt động rõ ràng nên bền vững.",
]
ADVANTAGES = [
    "Được cấp ủy, chính quyền quan tâm chỉ đạo; nhân dân đồng tình ủng hộ.",
    "Có sự phối hợp chặt chẽ giữa các đoàn thể.",
]
DIFFICULTIES = [
    "Kinh phí còn hạn chế, một số hộ còn khó khăn nên chưa tham gia đầy đủ.",
    "Thời tiết thất thường ảnh hưởng đến tiến độ.",
]
COMMENTS = {
    "return_for_revision": [
        "Đề nghị ghi rõ địa chỉ cụ thể và số hộ tham gia.",
        "Mục tiêu chưa đo lường được, đề nghị bổ sung chỉ tiêu cụ thể.",
        "Mô hình này năm trước đã đăng ký, đề nghị chọn hình thức duy trì.",
    ],
    "reject": ["Nội dung trùng với nhiệm vụ thường xuyên của đơn vị, chưa phải mô hình."],
    "request_more_evidence": ["Đề nghị bổ sung biên bản họp dân và hình ảnh công trình sau khi hoàn thành."],
    "decline_recognition": ["Kết quả chưa đạt mục tiêu đề ra, điểm bình quân dưới ngưỡng công nhận."],
    "withdraw": ["Đơn vị xin rút đăng ký do thay đổi kế hoạch của địa phương."],
    "close_unfinished": ["Đến kỳ tổng kết đơn vị chưa báo cáo kết quả; đóng hồ sơ, có thể đăng ký lại ở đợt sau."],
}
# Why a committee revoked the decision that recognized an initiative.
REVOCATION_REASONS = [
    "Kết quả báo cáo không đúng thực tế qua kiểm tra lại.",
    "Qua kiểm tra lại, số hộ tham gia và công trình hoàn thành thấp hơn số liệu đơn vị đã báo cáo.",
    "Mô hình trùng với mô hình đã được công nhận năm trước, đơn vị kê khai là mô hình mới.",
]
PLAN_NOTES = [
    "Thống nhất nội dung; đơn vị triển khai theo kế hoạch, báo cáo tiến độ hằng quý.",
    "Đồng ý; lưu ý huy động nguồn lực trong dân, không đặt nặng ngân sách.",
]
RESULTS = [
    "Đã hoàn thành mục tiêu đề ra, nhân dân đồng tình, hiệu quả rõ rệt.",
    "Đạt và vượt chỉ tiêu; mô hình được các ấp lân cận học tập.",
]
FINDINGS = [
    "Mô hình triển khai đúng kế hoạch, nhân dân tham gia đông đủ.",
    "Tiến độ còn chậm ở một số hạng mục, cần đẩy nhanh.",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi"]
GIVEN = ["Văn Ba", "Thị Lan", "Minh Tuấn", "Thị Hồng", "Hoàng Nam", "Thị Mai", "Quốc Bảo", "Thanh Hà", "Văn Út"]


def _nfc_pools() -> None:
    """Keep every literal NFC, as the product stores text."""
    g = globals()
    for name in ("SITUATION", "PURPOSE", "GOALS", "SOLUTIONS", "TARGET_GROUP", "FORCES", "RESOURCES", "OUTPUTS"):
        g[name] = [nfc(s) for s in g[name]]
    for code, titles in TITLES.items():
        TITLES[code] = [nfc(t) for t in titles]


_nfc_pools()


@lru_cache(maxsize=4096)
def fold_cached(piece: str) -> str:
    return fold(piece)
