"""`manage.py seed_demo`: the demo province (the new Vĩnh Long) with a true history.

Every initiative is moved to its state through the lifecycle entry point, as real users would,
so its log, dates and records are consistent. The history of the 2025 campaign and of the
2026 one so far is replayed with the clock set to the day each step happened (the lifecycle
stamps moves with `timezone.now()`), which gives realistic dates and keeps every check of the
entry point — registration windows included — in force.

Idempotent: when the demo province exists, it only resets the demo users' passwords.
"""

from __future__ import annotations

import datetime
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from campaigns.access import forget_scope
from campaigns.lifecycle import apply_campaign
from campaigns.models import (
    Campaign,
    CampaignDocument,
    CommitteeMembership,
    CriteriaSet,
    Criterion,
    Field,
    InitiativeKind,
    Role,
    SteeringCommittee,
    Unit,
    UnitKind,
    UnitMembership,
)
from campaigns.text import fold
from models_registry import lifecycle
from models_registry.evidence import save_attachments
from models_registry.models import (
    Commendation,
    CommendationKind,
    CommendationLevel,
    Effectiveness,
    Initiative,
    Inspection,
    Origin,
    ScoreItem,
    ScoreSheet,
    State,
    Subject,
    check_commendable,
)

User = get_user_model()

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

# ----- what initiatives are about -------------------------------------------------------------
# (name, situation, goals, solutions, target group, implementing forces, expected outputs)
MODELS: dict[str, list[tuple[str, ...]]] = {
    "economic": [
        (
            "Tổ phụ nữ tiết kiệm",
            "Nhiều chị em hộ nghèo, cận nghèo thiếu vốn làm ăn, phải vay nóng với lãi cao.",
            "{n} hội viên tham gia; {k} hộ có vốn chăn nuôi, buôn bán nhỏ; không còn hội viên vay nóng.",
            "Họp tổ hằng tháng, mỗi chị góp 50.000 đồng; xét cho vay xoay vòng không lãi; lồng ghép tập huấn cách làm ăn, ghi chép thu chi gia đình.",
            "Hội viên phụ nữ hộ nghèo, cận nghèo, phụ nữ đơn thân",
            "Chi hội Phụ nữ chủ trì; Ban nhân dân ấp, Ngân hàng Chính sách xã hội phối hợp",
            "Sổ theo dõi góp vốn; {k} hộ được vay xoay vòng; biên bản sinh hoạt tổ hằng tháng",
        ),
        (
            "Tổ hợp tác trồng bưởi năm roi theo tiêu chuẩn VietGAP",
            "Nông dân trồng bưởi nhỏ lẻ, mỗi nhà một cách, giá bán phụ thuộc thương lái.",
            "{n} hộ với khoảng {k} ha đạt chứng nhận VietGAP; giá bán cao hơn 10–15%.",
            "Vận động hộ liền canh vào tổ hợp tác; tập huấn quy trình VietGAP; ghi nhật ký canh tác; ký hợp đồng bao tiêu với hợp tác xã.",
            "Hộ trồng bưởi trên địa bàn",
            "Chi hội Nông dân chủ trì; cán bộ khuyến nông, hợp tác xã phối hợp",
            "Giấy chứng nhận VietGAP; hợp đồng bao tiêu; nhật ký canh tác của {n} hộ",
        ),
        (
            "Ngân hàng bò giúp hộ nghèo thoát nghèo",
            "Một số hộ nghèo có lao động nhưng không có vốn, không có tư liệu sản xuất.",
            "Trao {k} con bò giống sinh sản; sau 2 năm mỗi hộ hoàn lại một con bê để trao tiếp.",
            "Vận động mạnh thường quân góp bò giống; chọn hộ công khai tại cuộc họp dân; cán bộ thú y hướng dẫn chăm sóc; luân chuyển bê con.",
            "Hộ nghèo có lao động, có nơi chăn nuôi",
            "Hội Cựu chiến binh chủ trì; Hội Nông dân, cán bộ thú y phối hợp",
            "{k} con bò được trao; danh sách hộ nhận luân chuyển; {k} hộ thoát nghèo",
        ),
        (
            "Tổ liên kết sản xuất dừa hữu cơ",
            "Giá dừa khô biến động mạnh; nhiều vườn dừa già, bón phân hóa học tràn lan.",
            "{n} hộ chuyển sang canh tác hữu cơ trên {k} ha; bán dừa theo hợp đồng cho doanh nghiệp chế biến.",
            "Tập huấn canh tác hữu cơ; làm phân bón từ vỏ dừa; liên kết với doanh nghiệp bao tiêu; giám sát chéo giữa các hộ.",
            "Hộ trồng dừa",
            "Chi hội Nông dân chủ trì; doanh nghiệp chế biến dừa, cán bộ nông nghiệp xã phối hợp",
            "Hợp đồng liên kết; {k} ha dừa hữu cơ; sổ nhật ký canh tác",
        ),
        (
            "Vườn cây ăn trái kết hợp du lịch sinh thái cù lao",
            "Nhà vườn có cây trái ngon nhưng chỉ bán trái, thu nhập thấp, thanh niên bỏ đi làm xa.",
            "{n} nhà vườn đón khách; doanh thu du lịch tăng {k}%; 20 lao động địa phương có việc làm.",
            "Chỉnh trang vườn, lối đi, nhà vệ sinh; tập huấn kỹ năng đón khách; quảng bá trên mạng xã hội; liên kết với công ty lữ hành.",
            "Nhà vườn, thanh niên địa phương",
            "Ban nhân dân ấp chủ trì; Đoàn Thanh niên, Hội Nông dân phối hợp",
            "{n} điểm vườn đón khách; tài liệu giới thiệu; sổ theo dõi lượt khách",
        ),
        (
            "Hỗ trợ hội viên bán nông sản qua mạng",
            "Nông sản vào mùa rớt giá; nhiều hội viên chưa biết bán hàng trên mạng.",
            "{n} hội viên mở gian hàng trực tuyến; bán được {k} tấn nông sản.",
            "Đoàn viên thanh niên kèm cặp từng hộ; chụp ảnh, viết giới thiệu sản phẩm; hướng dẫn thanh toán không dùng tiền mặt, giao hàng.",
            "Hội viên nông dân, phụ nữ có nông sản",
            "Đoàn Thanh niên chủ trì; Hội Nông dân, bưu điện xã phối hợp",
            "{n} gian hàng trực tuyến; sổ ghi sản lượng bán qua mạng",
        ),
        (
            "Nuôi tôm càng xanh xen canh trong ruộng lúa",
            "Ruộng lúa một vụ kém hiệu quả do hạn mặn; nông dân muốn chuyển đổi nhưng ngại rủi ro.",
            "{n} hộ áp dụng mô hình lúa – tôm trên {k} ha; lợi nhuận tăng 1,5 lần.",
            "Tập huấn kỹ thuật; hỗ trợ con giống; tổ chức tham quan mô hình hiệu quả; cán bộ kỹ thuật theo dõi định kỳ.",
            "Hộ trồng lúa vùng hạn mặn",
            "Hội Nông dân chủ trì; Trạm khuyến nông, hợp tác xã phối hợp",
            "{k} ha lúa – tôm; sổ theo dõi năng suất; hội thảo đầu bờ",
        ),
    ],
    "culture_society": [
        (
            "Dòng họ khuyến học",
            "Một số em học sinh hộ khó khăn có nguy cơ bỏ học; phong trào khuyến học chưa đều.",
            "{n} dòng họ đạt danh hiệu dòng họ học tập; không có học sinh bỏ học; trao {k} suất học bổng.",
            "Mỗi dòng họ lập quỹ khuyến học; họp mặt đầu năm học biểu dương con cháu học giỏi; trưởng họ theo dõi từng em có nguy cơ bỏ học.",
            "Các dòng họ, gia đình có học sinh",
            "Chi hội Khuyến học chủ trì; trưởng các dòng họ, nhà trường phối hợp",
            "Quỹ khuyến học của {n} dòng họ; {k} suất học bổng; danh sách học sinh được hỗ trợ",
        ),
        (
            "Đường hoa nông thôn mới",
            "Tuyến đường liên ấp nhiều đoạn cỏ dại, rác thải, chưa đạt tiêu chí cảnh quan nông thôn mới.",
            "Trồng hoa, cây kiểng {k} km đường; {n} hộ nhận chăm sóc đoạn đường trước nhà.",
            "Họp dân thống nhất; mỗi hộ nhận một đoạn; ra quân ngày chủ nhật xanh; chấm điểm đoạn đường đẹp hằng quý.",
            "Hộ dân hai bên tuyến đường",
            "Ban nhân dân ấp chủ trì; Hội Phụ nữ, Đoàn Thanh niên phối hợp",
            "{k} km đường hoa; bảng phân công hộ chăm sóc; ảnh trước và sau",
        ),
        (
            "Phân loại rác thải tại nguồn",
            "Rác thải sinh hoạt đổ ra kênh rạch, đốt ngoài trời, gây ô nhiễm.",
            "{n} hộ phân loại rác; giảm {k}% lượng rác phải chôn lấp; không còn điểm rác tự phát.",
            "Phát thùng phân loại; hướng dẫn ủ rác hữu cơ làm phân; thu gom phế liệu gây quỹ; tổ tự quản kiểm tra hằng tuần.",
            "Hộ gia đình, quán ăn, chợ",
            "Chi hội Phụ nữ chủ trì; tổ thu gom rác, Đoàn Thanh niên phối hợp",
            "{n} hộ phân loại rác; sổ theo dõi quỹ phế liệu; bản đồ điểm rác đã xóa",
        ),
        (
            "Tủ sách nhân ái tại nhà văn hóa",
            "Thiếu nhi ít có sách đọc ngoài giờ học; nhiều em dùng điện thoại quá nhiều.",
            "Tủ sách có {k} đầu sách; {n} lượt em đọc mỗi tháng.",
            "Vận động quyên góp sách; mở tủ sách chiều thứ bảy, chủ nhật; tổ chức thi kể chuyện theo sách.",
            "Thiếu nhi, học sinh trên địa bàn",
            "Chi đoàn Thanh niên chủ trì; nhà trường, phụ huynh phối hợp",
            "Tủ sách {k} đầu sách; sổ mượn sách; 4 buổi kể chuyện",
        ),
        (
            "Bếp ăn yêu thương cho bệnh nhân nghèo",
            "Bệnh nhân nghèo điều trị dài ngày phải chắt bóp tiền ăn.",
            "Phát {k} suất cơm miễn phí mỗi tuần; duy trì suốt năm.",
            "Vận động nhà hảo tâm góp gạo, rau; tình nguyện viên nấu và phát cơm; công khai thu chi hằng tháng.",
            "Bệnh nhân nghèo và người nhà",
            "Hội Chữ thập đỏ chủ trì; Hội Phụ nữ, các chùa, nhà thờ phối hợp",
            "{k} suất cơm mỗi tuần; sổ công khai thu chi",
        ),
        (
            "Câu lạc bộ gia đình hạnh phúc, phòng chống bạo lực gia đình",
            "Còn vài vụ bạo lực gia đình, tảo hôn; nhiều cặp vợ chồng trẻ thiếu kỹ năng.",
            "{n} cặp vợ chồng sinh hoạt; không phát sinh bạo lực gia đình, tảo hôn.",
            "Sinh hoạt câu lạc bộ hằng tháng; lồng ghép pháp luật hôn nhân và gia đình; tổ hòa giải can thiệp sớm.",
            "Cặp vợ chồng trẻ, gia đình có nguy cơ",
            "Chi hội Phụ nữ chủ trì; công an xã, tổ hòa giải phối hợp",
            "{n} thành viên; 12 buổi sinh hoạt; không có vụ bạo lực gia đình",
        ),
        (
            "Thắp sáng đường quê",
            "Tuyến đường trong ấp chưa có đèn, người dân đi lại ban đêm khó khăn, mất an toàn.",
            "Lắp {k} bóng đèn năng lượng mặt trời trên {n} trăm mét đường.",
            "Vận động con em xa quê, mạnh thường quân đóng góp; hộ dân góp ngày công; tổ tự quản bảo quản đèn.",
            "Hộ dân trên tuyến đường",
            "Ban công tác Mặt trận ấp chủ trì; Đoàn Thanh niên, Hội Cựu chiến binh phối hợp",
            "{k} đèn chiếu sáng; biên bản bàn giao cho tổ tự quản",
        ),
        (
            "Dạy bơi miễn phí phòng chống đuối nước trẻ em",
            "Vùng sông nước nhiều kênh rạch; nhiều em chưa biết bơi, nguy cơ đuối nước mùa hè.",
            "{k} em biết bơi an toàn sau mùa hè.",
            "Mở lớp bơi tại hồ bơi di động; huấn luyện viên tình nguyện; phụ huynh đưa đón, giám sát.",
            "Trẻ em 6–15 tuổi",
            "Đoàn Thanh niên chủ trì; Hội Chữ thập đỏ, nhà trường phối hợp",
            "{k} em hoàn thành lớp bơi; danh sách học viên",
        ),
    ],
    "security_defence": [
        (
            "Camera an ninh tự quản",
            "Trộm cắp vặt, đua xe trái phép xảy ra về đêm; lực lượng tuần tra mỏng.",
            "Lắp {k} camera tại các điểm giao thông chính; giảm 50% vụ trộm cắp.",
            "Họp dân bàn cách làm; hộ dân góp kinh phí; công an xã kết nối xem hình ảnh; tổ an ninh trực theo lịch.",
            "Hộ dân, hộ kinh doanh trên địa bàn",
            "Công an xã chủ trì; Ban nhân dân ấp, Hội Cựu chiến binh phối hợp",
            "{k} camera hoạt động; sổ ghi vụ việc được phát hiện qua camera",
        ),
        (
            "Tổ tự quản đoàn kết giữ gìn an ninh trật tự",
            "Địa bàn có nhiều lao động từ nơi khác đến ở trọ, khó quản lý.",
            "{n} hộ tham gia tổ tự quản; 100% người ở trọ được đăng ký tạm trú.",
            "Chia tổ liên gia; tổ trưởng nắm tình hình từng hộ; họp tổ hằng tháng; báo tin qua nhóm Zalo an ninh.",
            "Hộ dân, chủ nhà trọ, người lao động ở trọ",
            "Công an phường chủ trì; Ban điều hành khu phố, Đoàn Thanh niên phối hợp",
            "{n} hộ trong tổ tự quản; sổ đăng ký tạm trú; nhóm Zalo an ninh",
        ),
        (
            "Khu dân cư không có tội phạm và tệ nạn ma túy",
            "Có người nghiện ma túy tái nghiện; thanh thiếu niên tụ tập về khuya.",
            "Không phát sinh người nghiện mới; {k} người sau cai được giúp việc làm.",
            "Tuyên truyền tác hại ma túy tại trường học; gia đình cam kết; giới thiệu việc làm cho người sau cai.",
            "Thanh thiếu niên, người sau cai nghiện và gia đình",
            "Công an xã chủ trì; Đoàn Thanh niên, Hội Cựu chiến binh phối hợp",
            "Bản cam kết của gia đình; {k} người sau cai có việc làm",
        ),
        (
            "Tổ hòa giải ở cơ sở giỏi",
            "Tranh chấp đất đai, lối đi giữa các hộ kéo dài, dễ thành khiếu kiện.",
            "Hòa giải thành trên 90% vụ việc; không để phát sinh khiếu kiện vượt cấp.",
            "Kiện toàn tổ hòa giải gồm người có uy tín; tập huấn kỹ năng; hòa giải ngay từ khi mới phát sinh.",
            "Hộ dân có mâu thuẫn, tranh chấp",
            "Ban công tác Mặt trận chủ trì; trưởng ấp, công chức tư pháp phối hợp",
            "Sổ theo dõi hòa giải; tỷ lệ hòa giải thành trên 90%",
        ),
        (
            "Cảm hóa, giúp đỡ người lầm lỗi hoàn lương",
            "Người chấp hành xong án phạt tù trở về gặp khó khăn việc làm, dễ tái phạm.",
            "{k} người được nhận đỡ đầu; không có người tái phạm.",
            "Mỗi đoàn viên, hội viên nhận đỡ đầu một người; giới thiệu vay vốn, học nghề; thăm hỏi định kỳ.",
            "Người chấp hành xong án phạt tù",
            "Công an xã chủ trì; Mặt trận, các đoàn thể phối hợp",
            "{k} người được đỡ đầu; hồ sơ theo dõi từng trường hợp",
        ),
        (
            "Tiếng kẻng liên gia phòng cháy, chống trộm",
            "Nhà cửa san sát, nhiều nhà vách lá; khi có cháy hoặc trộm không báo kịp cho nhau.",
            "{n} tổ liên gia có kẻng báo động; diễn tập phòng cháy 2 lần trong năm.",
            "Treo kẻng tại mỗi tổ; quy ước hiệu lệnh; trang bị bình chữa cháy; diễn tập phương án tại chỗ.",
            "Hộ dân trong tổ liên gia",
            "Công an xã chủ trì; tổ liên gia, Đoàn Thanh niên phối hợp",
            "{n} điểm kẻng; 2 buổi diễn tập; bình chữa cháy tại các tổ",
        ),
        (
            "Vận động thanh niên lên đường nhập ngũ",
            "Một số thanh niên trong diện gọi nhập ngũ còn ngại khó, gia đình chưa yên tâm.",
            "Giao quân đạt 100% chỉ tiêu; không có thanh niên trốn, né tránh nghĩa vụ.",
            "Gặp gỡ từng gia đình; cựu chiến binh chia sẻ kinh nghiệm; tổ chức tiễn tân binh trang trọng; thăm gia đình quân nhân.",
            "Thanh niên trong độ tuổi nhập ngũ và gia đình",
            "Ban Chỉ huy quân sự xã chủ trì; Đoàn Thanh niên, Hội Cựu chiến binh phối hợp",
            "Tỷ lệ giao quân 100%; danh sách gia đình được thăm hỏi",
        ),
    ],
    "political_system": [
        (
            "Ngày thứ bảy lắng nghe dân",
            "Người dân ngại đến trụ sở phản ánh; nhiều kiến nghị nhỏ chậm được giải quyết.",
            "Tiếp {k} lượt ý kiến; giải quyết dứt điểm trên 90% kiến nghị trong tháng.",
            "Bí thư, trưởng ấp ngồi tại nhà văn hóa sáng thứ bảy; ghi sổ kiến nghị; trả lời công khai tại cuộc họp dân.",
            "Người dân trên địa bàn",
            "Chi bộ ấp chủ trì; Ban nhân dân ấp, Mặt trận phối hợp",
            "Sổ tiếp dân; tỷ lệ kiến nghị được giải quyết",
        ),
        (
            "Một cửa thân thiện, hướng dẫn dịch vụ công trực tuyến",
            "Người cao tuổi, người ít dùng điện thoại lúng túng khi làm thủ tục trực tuyến.",
            "Hướng dẫn {k} lượt người dân; trên 80% hồ sơ nộp trực tuyến.",
            "Bố trí đoàn viên hỗ trợ tại bộ phận một cửa; làm video hướng dẫn ngắn; nhắn tin nhắc hẹn trả kết quả.",
            "Người dân đến làm thủ tục hành chính",
            "Văn phòng Ủy ban chủ trì; Đoàn Thanh niên phối hợp",
            "{k} lượt hướng dẫn; tỷ lệ hồ sơ trực tuyến trên 80%",
        ),
        (
            "Đối thoại trực tiếp giữa người đứng đầu và nhân dân",
            "Một số chủ trương chưa được người dân hiểu đúng, còn băn khoăn.",
            "Tổ chức {k} buổi đối thoại; trả lời tại chỗ trên 80% ý kiến.",
            "Thông báo trước nội dung; mời đại diện các hộ; ghi nhận, trả lời công khai; theo dõi việc thực hiện kết luận.",
            "Người dân, đại diện các hộ",
            "Đảng ủy, Ủy ban chủ trì; Mặt trận, các đoàn thể phối hợp",
            "Biên bản {k} buổi đối thoại; bảng theo dõi kết luận",
        ),
        (
            "Mỗi đảng viên phụ trách mười hộ dân",
            "Đảng viên sinh hoạt đều nhưng chưa gắn với việc cụ thể ở khu dân cư.",
            "{n} đảng viên phụ trách {k} hộ; nắm chắc tình hình, vận động hộ thực hiện tốt chủ trương.",
            "Phân công mỗi đảng viên phụ trách hộ gần nhà; báo cáo tại sinh hoạt chi bộ; đánh giá cuối năm gắn với xếp loại đảng viên.",
            "Hộ dân trong khu dân cư",
            "Chi bộ chủ trì; Ban nhân dân, các chi hội phối hợp",
            "Danh sách phân công; sổ theo dõi của chi bộ",
        ),
        (
            "Giám sát cộng đồng công trình giao thông nông thôn",
            "Người dân góp tiền làm đường nhưng chưa được tham gia giám sát chất lượng.",
            "Giám sát {k} công trình; không có công trình kém chất lượng.",
            "Bầu ban giám sát đầu tư của cộng đồng; tập huấn đọc bản vẽ, dự toán; báo cáo công khai tại họp dân.",
            "Người dân góp vốn làm đường",
            "Ban công tác Mặt trận chủ trì; Ban giám sát đầu tư cộng đồng thực hiện",
            "Biên bản giám sát {k} công trình; báo cáo công khai",
        ),
    ],
    "other": [
        (
            "Hiến đất mở rộng đường giao thông nông thôn",
            "Đường nhỏ hẹp, xe cứu thương, xe chở nông sản không vào được.",
            "Mở rộng {k} km đường; {n} hộ hiến đất, tháo dỡ hàng rào.",
            "Người có uy tín vận động từng hộ; cán bộ đảng viên gương mẫu hiến trước; công khai đóng góp; hỗ trợ hộ khó khăn làm lại hàng rào.",
            "Hộ dân hai bên tuyến đường",
            "Ban nhân dân ấp chủ trì; Mặt trận, Hội Cựu chiến binh phối hợp",
            "{k} km đường mở rộng; danh sách {n} hộ hiến đất",
        ),
        (
            "Chung tay xây cầu bê tông thay cầu khỉ",
            "Học sinh phải qua cầu khỉ đến trường, mùa nước lên rất nguy hiểm.",
            "Xây {k} cây cầu bê tông; học sinh đi học an toàn.",
            "Vận động doanh nghiệp, mạnh thường quân; hộ dân góp ngày công; giám sát cộng đồng quá trình thi công.",
            "Hộ dân, học sinh qua lại",
            "Mặt trận chủ trì; Ủy ban, các đoàn thể phối hợp",
            "{k} cầu bê tông; biên bản nghiệm thu; bảng công khai đóng góp",
        ),
        (
            "Trồng cây xanh chống sạt lở bờ sông",
            "Bờ sông sạt lở hằng năm, nhiều hộ phải di dời.",
            "Trồng {k} cây bần, dừa nước trên {n} trăm mét bờ sông.",
            "Đoàn viên ra quân trồng cây; hộ ven sông nhận chăm sóc; không xả rác, không lấn chiếm bờ sông.",
            "Hộ dân ven sông",
            "Đoàn Thanh niên chủ trì; Hội Nông dân, Ban nhân dân ấp phối hợp",
            "{k} cây xanh; cam kết của hộ ven sông",
        ),
        (
            "Nước sạch cho vùng hạn mặn",
            "Mùa khô nước nhiễm mặn, nhiều hộ thiếu nước sinh hoạt.",
            "Trao {k} bồn chứa nước; {n} hộ có nước sạch mùa khô.",
            "Khảo sát hộ thiếu nước; vận động tài trợ bồn chứa, lu; hướng dẫn trữ nước, tiết kiệm nước.",
            "Hộ nghèo, hộ vùng hạn mặn",
            "Hội Liên hiệp Phụ nữ chủ trì; Mặt trận, doanh nghiệp phối hợp",
            "{k} bồn chứa nước được trao; danh sách hộ nhận",
        ),
        (
            "Mỗi người dân một tài khoản định danh điện tử",
            "Nhiều người chưa kích hoạt định danh điện tử, chưa dùng được dịch vụ công trực tuyến.",
            "{k} người được kích hoạt tài khoản định danh điện tử mức 2.",
            "Tổ công nghệ số cộng đồng đến từng hộ; hỗ trợ cài đặt ứng dụng; hướng dẫn thanh toán không dùng tiền mặt.",
            "Người dân từ 14 tuổi trở lên",
            "Công an xã chủ trì; tổ công nghệ số cộng đồng, Đoàn Thanh niên phối hợp",
            "{k} tài khoản được kích hoạt; danh sách theo tổ",
        ),
        (
            "Thu gom bao bì thuốc bảo vệ thực vật trên đồng ruộng",
            "Bao bì thuốc bảo vệ thực vật vứt bừa bãi trên bờ ruộng, kênh mương.",
            "Đặt {k} bể chứa bao bì; thu gom định kỳ, không còn vứt bừa bãi.",
            "Xây bể chứa tại đầu bờ; tuyên truyền tại các buổi họp; hợp đồng với đơn vị xử lý chất thải nguy hại.",
            "Hộ trồng lúa, trồng màu",
            "Hội Nông dân chủ trì; hợp tác xã, Ủy ban phối hợp",
            "{k} bể chứa; biên bản bàn giao chất thải cho đơn vị xử lý",
        ),
    ],
}
# Individual exemplars: (field, title after the person's name, situation, solutions, outputs)
INDIVIDUALS = [
    (
        "other",
        "gương hiến đất làm đường",
        "hiến {k} m² đất và tháo dỡ hàng rào để mở rộng đường liên ấp",
        "Tự nguyện hiến đất trước, rồi cùng cán bộ ấp đến vận động các hộ lân cận.",
    ),
    (
        "economic",
        "nông dân sản xuất, kinh doanh giỏi",
        "làm kinh tế vườn hiệu quả, giúp {k} hộ nghèo có việc làm",
        "Chia sẻ kỹ thuật, cho mượn giống, bao tiêu sản phẩm cho hộ khó khăn.",
    ),
    (
        "culture_society",
        "người mẹ đỡ đầu trẻ mồ côi",
        "nhận đỡ đầu {k} em mồ côi, hỗ trợ các em đến trường",
        "Thăm nom hằng tháng, vận động học bổng, đồng hành với gia đình các em.",
    ),
    (
        "security_defence",
        "tổ trưởng hòa giải tận tâm",
        "hòa giải thành {k} vụ tranh chấp, không để phát sinh khiếu kiện",
        "Đến tận nhà nghe hai bên, giải thích pháp luật bằng lời lẽ gần gũi.",
    ),
    (
        "political_system",
        "bí thư chi bộ sâu sát dân",
        "nắm từng hộ, vận động {k} hộ thực hiện tốt chủ trương của địa phương",
        "Đi từng nhà, lắng nghe, giải quyết kiến nghị ngay tại cơ sở.",
    ),
    (
        "culture_society",
        "cô giáo mở lớp học tình thương",
        "dạy chữ miễn phí cho {k} em có hoàn cảnh khó khăn",
        "Mở lớp buổi tối, vận động sách vở, học bổng cho các em.",
    ),
]
# Collective exemplars: (field, name, situation, solutions)
COLLECTIVES = [
    (
        "economic",
        "Chi hội Cựu chiến binh giúp nhau làm kinh tế",
        "Hội viên cựu chiến binh tuổi cao, nhiều hộ còn khó khăn.",
        "Góp vốn xoay vòng, chia sẻ kinh nghiệm, giúp ngày công cho hội viên khó khăn.",
    ),
    (
        "culture_society",
        "Chi đoàn thanh niên tình nguyện vì cộng đồng",
        "Thanh niên muốn đóng góp nhưng hoạt động chưa thường xuyên.",
        "Ra quân hằng tháng làm đường, dọn vệ sinh, hỗ trợ người già neo đơn.",
    ),
    (
        "political_system",
        "Ban nhân dân đoàn kết xây dựng nông thôn mới kiểu mẫu",
        "Địa bàn còn thiếu một số tiêu chí nông thôn mới kiểu mẫu.",
        "Họp dân bàn bạc công khai, phân công từng tiêu chí cho các tổ, các đoàn thể.",
    ),
]
PURPOSES = {
    "economic": "Nâng cao thu nhập, giúp hộ nghèo vươn lên; người dân tự nguyện, tự giác tham gia.",
    "culture_society": "Xây dựng đời sống văn hóa, môi trường xanh – sạch – đẹp; người dân cùng làm, cùng hưởng.",
    "security_defence": "Giữ vững an ninh trật tự từ cơ sở; người dân chủ động tham gia bảo vệ xóm làng.",
    "political_system": "Cán bộ gần dân, hiểu dân, giải quyết kịp thời kiến nghị; củng cố lòng tin của nhân dân.",
    "other": "Phát huy sức dân, tạo chuyển biến rõ nét tại địa bàn theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”.",
}
SUSTAINABILITY = [
    "Có quy chế hoạt động, kinh phí do người dân duy trì; có thể nhân rộng ra các ấp, khóm lân cận.",
    "Cách làm đơn giản, chi phí thấp, người dân tự quản; đã có đơn vị bạn đến học tập.",
    "Gắn với quy ước của khu dân cư nên duy trì lâu dài; dễ nhân rộng ở địa bàn có điều kiện tương tự.",
]
ADVANTAGES = [
    "Được cấp ủy, chính quyền quan tâm; người dân đồng tình, ủng hộ.",
    "Có người có uy tín đi đầu; các đoàn thể phối hợp chặt chẽ.",
    "Con em xa quê, mạnh thường quân sẵn sàng hỗ trợ.",
]
DIFFICULTIES = [
    "Kinh phí ban đầu còn hạn chế; một số hộ còn ngần ngại.",
    "Người dân đi làm ăn xa nhiều, khó tập trung họp.",
    "Thời tiết, hạn mặn ảnh hưởng tiến độ.",
]
FINDINGS = [
    "Triển khai đúng kế hoạch; người dân tham gia đông; sổ sách ghi chép đầy đủ.",
    "Đã hoàn thành phần lớn mục tiêu; cần bổ sung hình ảnh, biên bản họp dân.",
    "Có chuyển biến rõ; một số hộ chưa duy trì đều, cần tiếp tục vận động.",
]
RECOMMENDATIONS = [
    "Tiếp tục duy trì; tổng hợp số liệu để đề nghị công nhận cuối năm.",
    "Bổ sung minh chứng kết quả; phân công cụ thể hơn cho các đoàn thể.",
    "Mở rộng thêm đối tượng tham gia; chia sẻ kinh nghiệm cho đơn vị bạn.",
]

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

# How many initiatives end in each state, per campaign.
STATES_2025 = {
    State.RECOGNIZED: 26,
    State.NOT_RECOGNIZED: 4,
    State.REJECTED: 3,
    State.WITHDRAWN: 3,
    State.APPROVED: 4,
}
STATES_2026 = {
    State.DRAFT: 14,
    State.SUBMITTED: 24,
    State.RETURNED: 12,
    State.APPROVED: 30,
    State.REJECTED: 8,
    State.RECOGNITION_REQUESTED: 20,
    State.RECOGNIZED: 30,
    State.NOT_RECOGNIZED: 5,
    State.WITHDRAWN: 7,
}


def _d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


@contextmanager
def clock(day: datetime.date, hour: int = 9):
    """Replay a step on the day it happened: `timezone.now()` answers that day."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@dataclass
class Committee:
    committee: SteeringCommittee
    leader: object
    appraisers: list
    scorers: list


@dataclass
class Slot:
    """One initiative to be: where, by whom, and the state it must reach."""

    unit: Unit
    state: str
    staff: object
    kind: str = InitiativeKind.MODEL
    subject: str = "collective"
    origin: str = Origin.NEW
    source: Initiative | None = None
    extras: dict = field(default_factory=dict)


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: tỉnh Vĩnh Long mới, Ban Chỉ đạo, đợt phát động 2025 và 2026, các mô hình ở mọi trạng thái."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Chạy cả khi DEBUG tắt (chỉ dùng cho máy thử nghiệm).")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo chỉ chạy khi DEBUG bật (dữ liệu mẫu không dành cho máy thật). Dùng --force nếu chắc chắn."
            )
        self.rnd = random.Random(2026)
        self.password_hash = make_password(PASSWORD)
        group = self.committee_group()
        if Unit.objects.filter(code=PROVINCE_CODE, parent__isnull=True).exists():
            updated = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").update(password=self.password_hash)
            self.stdout.write(f"Dữ liệu mẫu đã có; không tạo thêm. Đã đặt lại mật khẩu cho {updated} tài khoản mẫu.")
            self.print_logins()
            return
        # Replayed history sends no e-mail: its recipients are made up and the moves are months old.
        with mock.patch("models_registry.lifecycle.notify"), transaction.atomic():
            self.build(group)
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {Initiative.objects.count()} mô hình, điển hình mẫu."))
        self.print_logins()

    # ----- users and permissions --------------------------------------------------------------
    def committee_group(self) -> Group:
        """The committee members' admin rights: see and work the registry, read the organisation."""
        group, _ = Group.objects.get_or_create(name=GROUP_NAME)
        wanted = {
            "models_registry": {
                "initiative": ("view", "change"),
                "transitionlog": ("view",),
                "inspection": ("view", "add", "change"),
                "scoresheet": ("view", "add", "change"),
                "scoreitem": ("view", "change"),
                "recognitiondecision": ("view", "change"),
                "commendation": ("view", "add", "change"),
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
        codenames = [
            f"{action}_{model}" for models in wanted.values() for model, acts in models.items() for action in acts
        ]
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=wanted, codename__in=codenames))
        return group

    def user(self, username: str, full_name: str, *, is_staff=False, is_superuser=False, group=None):
        user = User.objects.create(
            username=username,
            # The whole name in first_name: get_full_name() and get_short_name() then read in the
            # Vietnamese order (family, middle, given) instead of "given family".
            first_name=full_name,
            last_name="",
            email=f"{username}@{EMAIL_DOMAIN}",
            password=self.password_hash,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        if group is not None:
            user.groups.add(group)
        return user

    def person_name(self, female: bool | None = None) -> str:
        female = self.rnd.random() < 0.5 if female is None else female
        middle = self.rnd.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = self.rnd.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        return f"{self.rnd.choice(FAMILY)} {middle} {given}"

    # ----- the organisation ------------------------------------------------------------------
    def build_units(self) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        province = Unit.objects.create(name="Tỉnh Vĩnh Long", kind=UnitKind.PROVINCE, code=PROVINCE_CODE)
        units[province.name] = province
        for i, (name, kind, children) in enumerate(COMMUNES, start=1):
            commune = Unit.objects.create(name=name, kind=kind, parent=province, code=f"VLG-{i:03d}")
            units[name] = commune
            for j, (child, child_kind) in enumerate(children, start=1):
                units[child] = Unit.objects.create(
                    name=child, kind=child_kind, parent=commune, code=f"VLG-{i:03d}-{j:02d}"
                )
        for name, kind in AGENCIES:
            units[name] = Unit.objects.create(name=name, kind=kind, parent=province)
        front = Unit.objects.create(name=FRONT, kind=UnitKind.FRONT, parent=province)
        units[FRONT] = front
        for name in MASS_ORGANISATIONS:
            units[name] = Unit.objects.create(name=name, kind=UnitKind.FRONT, parent=front)
        return units

    def build(self, group: Group) -> None:
        units = self.build_units()
        self.units = units
        province = units["Tỉnh Vĩnh Long"]
        people = {}
        admin = self.user("admin", DEMO_USERS["admin"][0], is_staff=True, is_superuser=True)
        for username, (full_name, _title) in {**DEMO_USERS, **OTHER_COMMITTEE_USERS}.items():
            if username == "admin":
                continue
            committee_user = username not in ("staff", "staff2")
            people[username] = self.user(
                username, full_name, is_staff=committee_user, group=group if committee_user else None
            )
        people["admin"] = admin

        provincial = SteeringCommittee.objects.create(
            name="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh Vĩnh Long", unit=province
        )
        long_ho = SteeringCommittee.objects.create(
            name="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã Long Hồ", unit=units["Xã Long Hồ"]
        )
        tra_vinh = SteeringCommittee.objects.create(
            name="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” phường Trà Vinh", unit=units["Phường Trà Vinh"]
        )
        seats = [
            (provincial, "chair", Role.CHAIR),
            (provincial, "secretary", Role.SECRETARIAT),
            (provincial, "photruongban", Role.VICE_CHAIR),
            (provincial, "uyvien.tinh", Role.MEMBER),
            (long_ho, "truongban.longho", Role.CHAIR),
            (long_ho, "member", Role.MEMBER),
            (long_ho, "uyvien.longho", Role.MEMBER),
            (tra_vinh, "truongban.travinh", Role.CHAIR),
            (tra_vinh, "uyvien.travinh", Role.MEMBER),
        ]
        CommitteeMembership.objects.bulk_create(
            [CommitteeMembership(committee=c, user=people[u], role=role) for c, u, role in seats]
        )
        self.committees = {
            provincial.pk: Committee(
                provincial,
                people["chair"],
                [people["chair"], people["secretary"], people["photruongban"], people["uyvien.tinh"]],
                [people["chair"], people["secretary"], people["photruongban"], people["uyvien.tinh"]],
            ),
            long_ho.pk: Committee(
                long_ho,
                people["truongban.longho"],
                [people["member"], people["member"], people["uyvien.longho"], people["truongban.longho"]],
                [people["truongban.longho"], people["member"], people["uyvien.longho"]],
            ),
            tra_vinh.pk: Committee(
                tra_vinh,
                people["truongban.travinh"],
                [people["uyvien.travinh"], people["truongban.travinh"]],
                [people["truongban.travinh"], people["uyvien.travinh"]],
            ),
        }

        # Unit staff: the demo's `staff` and `staff2`, and one made-up officer for every other unit that registers.
        registering = [
            u
            for u in units.values()
            if u.kind not in (UnitKind.PROVINCE,) and u.name not in (FRONT,) and u.name not in ("Khóm 7",)
        ]
        self.staff_of: dict[int, object] = {}
        memberships = []
        for unit in registering:
            if unit.name == "Ấp Phước Hanh A":
                officer = people["staff"]
            elif unit.name == "Khóm 4":
                officer = people["staff2"]
            else:
                username = "cb." + ".".join(fold(unit.name).replace("(", "").replace(")", "").split()[:6])
                officer = self.user(username[:150], self.person_name())
            self.staff_of[unit.pk] = officer
            memberships.append(UnitMembership(user=officer, unit=unit, title="Cán bộ phụ trách phong trào"))
        UnitMembership.objects.bulk_create(memberships)
        for user in [*people.values(), *self.staff_of.values()]:
            forget_scope(user)

        self.decision_numbers: dict[int, int] = {}
        self.people = people
        fields = {f.code: f for f in Field.objects.all()}
        self.fields = fields

        campaign_2025 = self.campaign(provincial, 2025, people["chair"])
        history = self.run_2025(campaign_2025, registering)
        campaign_2026 = self.campaign(provincial, 2026, people["chair"])
        self.run_2026(campaign_2026, registering, history)

    def campaign(self, committee: SteeringCommittee, year: int, chair) -> Campaign:
        closes = _d(year, 3, 31) if year == 2025 else _d(year, 12, 15)
        campaign = Campaign.objects.create(
            committee=committee,
            name=f"Phong trào thi đua “Dân vận khéo” năm {year}",
            year=year,
            theme="Dân vận khéo — chung sức xây dựng tỉnh Vĩnh Long giàu đẹp, văn minh",
            starts_on=_d(year, 1, 1),
            ends_on=_d(year, 12, 31),
            registration_opens_on=_d(year, 1, 15),
            registration_closes_on=closes,
        )
        for kind, name, criteria in (
            (InitiativeKind.MODEL, "Tiêu chí công nhận mô hình", MODEL_CRITERIA),
            (InitiativeKind.EXEMPLAR, "Tiêu chí công nhận điển hình", EXEMPLAR_CRITERIA),
        ):
            criteria_set = CriteriaSet.objects.create(
                campaign=campaign, kind=kind, name=f"{name} năm {year}", threshold=Decimal("70")
            )
            Criterion.objects.bulk_create(
                [
                    Criterion(criteria_set=criteria_set, name=text, max_points=points, order=i)
                    for i, (text, points) in enumerate(criteria, start=1)
                ]
            )
        document = CampaignDocument(campaign=campaign, title=f"Kế hoạch phát động phong trào năm {year}")
        document.file.save(f"ke-hoach-dan-van-kheo-{year}.pdf", SimpleUploadedFile("k.pdf", PDF_BYTES), save=False)
        document.content_type = "application/pdf"
        document.save()
        with clock(_d(year, 1, 10)):
            apply_campaign(campaign, "launch", chair, comment="Phát động tại hội nghị triển khai công tác dân vận.")
        return campaign

    # ----- who does what -----------------------------------------------------------------------
    def committee_for(self, unit: Unit) -> Committee:
        best = max(
            (c for c in self.committees.values() if unit.path.startswith(c.committee.unit.path)),
            key=lambda c: len(c.committee.unit.path),
        )
        return best

    def place(self, unit: Unit) -> str:
        """The unit as it reads inside a sentence ("ấp Phước Hanh A", "Sở Y tế")."""
        if unit.kind in (UnitKind.AGENCY, UnitKind.FRONT, UnitKind.ARMED_FORCES):
            return unit.name
        return unit.name[0].lower() + unit.name[1:]

    def member_of(self, unit: Unit) -> str:
        if unit.kind in (UnitKind.AGENCY, UnitKind.ARMED_FORCES):
            return f"cán bộ {unit.name}"
        if unit.kind == UnitKind.FRONT:
            return f"hội viên {unit.name}"
        return f"người dân {self.place(unit)}"

    def titled(self, name: str, unit: Unit) -> str:
        if unit.kind in (UnitKind.AGENCY, UnitKind.FRONT, UnitKind.ARMED_FORCES):
            return f"{name} — {unit.name}"
        return f"{name} {self.place(unit)}"

    def content(self, slot: Slot, year: int) -> dict:
        """Registration content for a slot: realistic text from the pools, numbers varied."""
        rnd = self.rnd
        unit = slot.unit
        n, k = rnd.randint(12, 60), rnd.randint(3, 40)
        parent = unit.parent.name if unit.parent and unit.parent.kind != UnitKind.PROVINCE else ""
        area = ", ".join(x for x in (unit.name, parent, "tỉnh Vĩnh Long") if x)
        staff = slot.staff
        common = {
            "area": area,
            "address": f"Nhà văn hóa {self.place(unit)}"
            if unit.kind in (UnitKind.HAMLET, UnitKind.URBAN_HAMLET, UnitKind.STREET_GROUP, UnitKind.RESIDENTIAL_AREA)
            else f"Trụ sở {unit.name}",
            "resources": (
                f"Kinh phí dự kiến {rnd.randint(5, 120)} triệu đồng: ngân sách hỗ trợ {rnd.choice([10, 20, 30])}%, "
                f"còn lại do nhân dân, mạnh thường quân đóng góp; khoảng {rnd.randint(50, 600)} ngày công."
            ),
            "sustainability": rnd.choice(SUSTAINABILITY),
            "advantages": rnd.choice(ADVANTAGES),
            "difficulties": rnd.choice(DIFFICULTIES),
            "contact": f"{staff.get_full_name()}, 0{rnd.randint(900, 989)} {rnd.randint(100, 999)} {rnd.randint(100, 999)}",
        }
        start_month = rnd.randint(2, 4)
        common["starts_on"] = _d(year, start_month, 1)
        common["ends_on"] = _d(year, rnd.choice([10, 11, 12]), 30)
        if slot.extras.get("late"):
            common["starts_on"], common["ends_on"] = _d(year, 12, 1), _d(year, 12, 31)
        if slot.kind == InitiativeKind.EXEMPLAR and slot.subject == Subject.INDIVIDUAL:
            code, title, deed, how = slot.extras["base"]
            person = self.person_name()
            honorific = "Bà" if any(person.endswith(g) for g in GIVEN_FEMALE) else "Ông"
            deed_text = deed.format(k=k)
            return {
                **common,
                "field": self.fields[code],
                "name": f"{honorific} {person} — {title}",
                "situation": f"{honorific} {person}, {self.member_of(unit)}, {deed_text}.",
                "purpose": PURPOSES[code],
                "goals": f"Lan tỏa tấm gương để {n} hộ cùng làm theo.",
                "solutions": how,
                "implementing_forces": f"{honorific} {person} thực hiện; Ban nhân dân, các đoàn thể phát hiện, biểu dương.",
                "target_group": "Người dân trên địa bàn",
                "expected_outputs": f"Bài viết giới thiệu gương điển hình; {k} việc làm cụ thể được ghi nhận.",
            }
        if slot.kind == InitiativeKind.EXEMPLAR:
            code, title, situation, how = slot.extras["base"]
            return {
                **common,
                "field": self.fields[code],
                "name": self.titled(title, unit),
                "situation": situation,
                "purpose": PURPOSES[code],
                "goals": f"{n} thành viên tham gia thường xuyên; {k} việc làm cụ thể trong năm.",
                "solutions": how,
                "implementing_forces": "Tập thể đơn vị thực hiện; cấp ủy, chính quyền địa phương hỗ trợ.",
                "target_group": "Hội viên, đoàn viên và người dân trên địa bàn",
                "expected_outputs": f"Báo cáo kết quả; {k} công trình, phần việc cụ thể.",
            }
        code, base = slot.extras["base"]
        name, situation, goals, solutions, target, forces, outputs = base
        if slot.origin == Origin.MAINTAINED and slot.source is not None:
            title = slot.source.name
        elif slot.origin == Origin.REPLICATED and slot.source is not None:
            title = f"Nhân rộng mô hình “{name}” tại {self.place(unit)}"
        else:
            title = self.titled(name, unit)
        return {
            **common,
            "field": self.fields[code],
            "name": title,
            "situation": f"{situation} Qua khảo sát đầu năm tại {self.place(unit)}, {n} hộ có nhu cầu tham gia.",
            "purpose": PURPOSES[code],
            "goals": goals.format(n=n, k=k),
            "solutions": solutions,
            "implementing_forces": forces,
            "target_group": target,
            "expected_outputs": outputs.format(n=n, k=k),
        }

    def pick_base(self, slot: Slot, used: set[str]) -> None:
        """Choose what the slot is about; an exemplar one time in five, never a name the unit already used."""
        rnd = self.rnd
        if slot.kind == InitiativeKind.EXEMPLAR:
            # An exemplar repeated under the same title would be the same exemplar again: skip used titles.
            individuals = [e for e in INDIVIDUALS if e[1] not in used]
            collectives = [e for e in COLLECTIVES if e[1] not in used]
            if individuals and (rnd.random() < 0.6 or not collectives):
                slot.subject = Subject.INDIVIDUAL
                slot.extras["base"] = rnd.choice(individuals)
                used.add(slot.extras["base"][1])
                return
            if collectives:
                slot.extras["base"] = rnd.choice(collectives)
                used.add(slot.extras["base"][1])
                return
            slot.kind = InitiativeKind.MODEL
        choices = [(code, base) for code, bases in MODELS.items() for base in bases if base[0] not in used]
        code, base = rnd.choice(choices)
        used.add(base[0])
        slot.extras["base"] = (code, base)

    # ----- driving initiatives -----------------------------------------------------------------
    def day(self, start: datetime.date, span: int, cap: datetime.date | None = None) -> datetime.date:
        result = start + datetime.timedelta(days=self.rnd.randint(0, span))
        return min(result, cap) if cap else result

    def create(self, slot: Slot, campaign: Campaign, on: datetime.date) -> Initiative:
        data = self.content(slot, campaign.year)
        if slot.origin == Origin.MAINTAINED and slot.source is not None:
            data["name"] = slot.source.name  # a maintained initiative keeps its name
        with clock(on, 8):
            initiative = Initiative.objects.create(
                campaign=campaign,
                unit=slot.unit,
                kind=slot.kind,
                subject=slot.subject,
                origin=slot.origin,
                continues=slot.source if slot.origin == Origin.MAINTAINED else None,
                replicates=slot.source if slot.origin == Origin.REPLICATED else None,
                created_by=slot.staff,
                **data,
            )
        initiative.campaign = campaign
        initiative.unit = slot.unit
        return initiative

    def move(self, initiative: Initiative, action: str, actor, on: datetime.date, **params) -> None:
        with clock(on, 10):
            lifecycle.apply(initiative, action, actor, **params)

    def drive(self, slot: Slot, campaign: Campaign, timeline: dict) -> Initiative:
        """Create the initiative and walk it through the entry point to the slot's state."""
        rnd, state = self.rnd, slot.state
        committee = self.committee_for(slot.unit)
        appraiser = rnd.choice(committee.appraisers)
        recent = state in (State.DRAFT, State.SUBMITTED, State.RETURNED)
        created = self.day(*timeline["recent" if recent else "early"])
        initiative = self.create(slot, campaign, created)
        if state == State.DRAFT:
            return initiative
        if state == State.WITHDRAWN and rnd.random() < 0.3:
            self.move(initiative, "withdraw", slot.staff, created + datetime.timedelta(days=12), comment=WITHDRAW)
            return initiative
        day = created + datetime.timedelta(days=rnd.randint(1, 4))
        self.move(initiative, "submit", slot.staff, day)
        if state == State.SUBMITTED:
            return initiative
        day += datetime.timedelta(days=rnd.randint(4, 10))
        if state == State.RETURNED or (state == State.APPROVED and rnd.random() < 0.25):
            self.move(initiative, "return_for_revision", appraiser, day, comment=rnd.choice(RETURN_COMMENTS))
            if state == State.RETURNED:
                return initiative
            day += datetime.timedelta(days=rnd.randint(3, 8))
            self.move(initiative, "submit", slot.staff, day)
            day += datetime.timedelta(days=rnd.randint(3, 8))
        if state == State.REJECTED:
            self.move(initiative, "reject", appraiser, day, comment=rnd.choice(REJECT_COMMENTS))
            return initiative
        cadres = rnd.sample(committee.scorers, k=min(2, len(committee.scorers)))
        self.move(
            initiative,
            "approve",
            appraiser,
            day,
            plan_note=rnd.choice(PLAN_NOTES),
            confirmed_criteria="Theo bộ tiêu chí của đợt phát động; có số liệu đầu kỳ để so sánh.",
            supporting_cadres=cadres,
        )
        if state == State.WITHDRAWN:
            self.move(initiative, "withdraw", slot.staff, day + datetime.timedelta(days=40), comment=WITHDRAW)
            return initiative
        inspect_on = self.day(*timeline["inspect"])
        if state == State.APPROVED and rnd.random() < 0.4:
            return initiative  # approved, not inspected yet
        self.inspect(initiative, committee, inspect_on, slot.staff)
        if state == State.APPROVED:
            return initiative
        request_on = self.day(*timeline["request"])
        self.move(
            initiative,
            "request_recognition",
            slot.staff,
            request_on,
            results_report=rnd.choice(RESULTS),
        )
        if state == State.RECOGNITION_REQUESTED:
            if rnd.random() < 0.5:
                self.score(initiative, committee.scorers[:1], high=True, on=request_on + datetime.timedelta(days=3))
            return initiative
        score_on = self.day(*timeline["score"])
        self.score(initiative, committee.scorers, high=state == State.RECOGNIZED, on=score_on)
        if state == State.NOT_RECOGNIZED:
            self.move(
                initiative, "decline_recognition", appraiser, timeline["decide"], comment=rnd.choice(DECLINE_COMMENTS)
            )
        return initiative

    def inspect(self, initiative: Initiative, committee: Committee, on: datetime.date, staff) -> None:
        rnd = self.rnd
        inspectors = rnd.sample(committee.scorers, k=min(2, len(committee.scorers)))
        with clock(on, 14):
            inspection = Inspection.objects.create(
                initiative=initiative,
                inspected_on=on,
                completion=rnd.choice([60, 70, 80, 90, 100]),
                effectiveness=rnd.choice(
                    [Effectiveness.GOOD, Effectiveness.GOOD, Effectiveness.FAIR, Effectiveness.AVERAGE]
                ),
                findings=rnd.choice(FINDINGS),
                recommendations=rnd.choice(RECOMMENDATIONS),
                created_by=inspectors[0],
            )
            inspection.inspectors.set(inspectors)
            save_attachments(
                initiative,
                [SimpleUploadedFile(f"bien-ban-kiem-tra-{initiative.pk}.pdf", PDF_BYTES, "application/pdf")],
                inspectors[0],
                purpose="inspection",
                inspection=inspection,
            )
            save_attachments(
                initiative,
                [SimpleUploadedFile(f"anh-hoat-dong-{initiative.pk}.png", PNG_BYTES, "image/png")],
                staff,
                purpose="evidence",
            )

    def score(self, initiative: Initiative, members, *, high: bool, on: datetime.date) -> None:
        criteria = list(initiative.campaign.criteria_set_for(initiative.kind).criteria.all())
        with clock(on, 15):
            for member in members:
                sheet = ScoreSheet.objects.create(initiative=initiative, member=member, submitted_at=timezone.now())
                low, top = (0.76, 0.96) if high else (0.45, 0.66)
                items = [
                    ScoreItem(
                        sheet=sheet, criterion=c, points=Decimal(round(c.max_points * self.rnd.uniform(low, top)))
                    )
                    for c in criteria
                ]
                ScoreItem.objects.bulk_create(items)
                sheet.recompute_total()

    def recognize(self, initiatives: list[Initiative], on: datetime.date, year: int) -> None:
        """One decision per committee, recognizing all its initiatives at once."""
        by_committee: dict[int, list[Initiative]] = {}
        for initiative in initiatives:
            by_committee.setdefault(self.committee_for(initiative.unit).committee.pk, []).append(initiative)
        for committee_pk, batch in by_committee.items():
            committee = self.committees[committee_pk]
            self.decision_numbers[committee_pk] = self.decision_numbers.get(committee_pk, 0) + 1
            number = f"{30 + 7 * sum(self.decision_numbers.values())}/QĐ-BCĐ"
            with clock(on, 16):
                lifecycle.recognize_many(
                    batch,
                    committee.leader,
                    number=number,
                    decided_on=on,
                    signer=f"{committee.leader.get_full_name()}, Trưởng ban",
                    note=f"Công nhận mô hình, điển hình “Dân vận khéo” năm {year}.",
                )

    def commend(self, initiatives: list[Initiative], on: datetime.date, actor) -> None:
        awards = [
            (
                CommendationKind.HIGHER_CERTIFICATE_OF_MERIT,
                CommendationLevel.PROVINCE,
                "Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long",
            ),
            (CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.PROVINCE, "Ban Thường vụ Tỉnh ủy Vĩnh Long"),
            (CommendationKind.CERTIFICATE_OF_MERIT, CommendationLevel.COMMUNE, "Ủy ban nhân dân xã"),
        ]
        with clock(on, 9):
            for i, initiative in enumerate(initiatives):
                check_commendable(initiative)
                kind, level, authority = awards[i % len(awards)]
                Commendation.objects.create(
                    initiative=initiative,
                    kind=kind,
                    level=level,
                    authority=authority,
                    decision_number=f"{2100 + i}/QĐ-UBND",
                    decided_on=on,
                    recipient=initiative.unit.name
                    if initiative.subject == Subject.COLLECTIVE
                    else initiative.name.split(" — ")[0],
                    created_by=actor,
                )
                Initiative.objects.filter(pk=initiative.pk).update(outstanding=True)

    # ----- the two campaigns -----------------------------------------------------------------------
    def slots(self, plan: dict, units: list[Unit], fixed: list[Slot]) -> list[Slot]:
        states = [state for state, count in plan.items() for _ in range(count)]
        for slot in fixed:
            states.remove(slot.state)
        self.rnd.shuffle(states)
        result = list(fixed)
        for i, state in enumerate(states):
            unit = units[i % len(units)]
            kind = InitiativeKind.EXEMPLAR if self.rnd.random() < 0.2 else InitiativeKind.MODEL
            result.append(Slot(unit=unit, state=state, staff=self.staff_of[unit.pk], kind=kind))
        return result

    def run_2025(self, campaign: Campaign, registering: list[Unit]) -> list[Initiative]:
        year = 2025
        timeline = {
            "early": (_d(year, 1, 20), 55),
            "recent": (_d(year, 1, 20), 55),
            "inspect": (_d(year, 6, 10), 80),
            "request": (_d(year, 10, 1), 30),
            "score": (_d(year, 11, 3), 10),
            "decide": _d(year, 11, 25),
        }
        units = list(registering)
        self.rnd.shuffle(units)
        fixed = [
            Slot(unit=self.units["Ấp Phước Hanh A"], state=State.RECOGNIZED, staff=self.people["staff"]),
            Slot(unit=self.units["Khóm 4"], state=State.RECOGNIZED, staff=self.people["staff2"]),
        ]
        self.used_2025: dict[int, set[str]] = {}
        recognized, made = [], []
        for slot in self.slots(STATES_2025, units, fixed):
            self.pick_base(slot, self.used_2025.setdefault(slot.unit.pk, set()))
            initiative = self.drive(slot, campaign, timeline)
            made.append(initiative)
            if slot.state == State.RECOGNIZED:
                recognized.append(initiative)
        self.recognize(recognized, timeline["decide"], year)
        self.commend(recognized[:4], _d(year, 12, 5), self.people["chair"])
        with clock(_d(year, 12, 20)):
            apply_campaign(
                campaign,
                "summarize",
                self.people["chair"],
                lessons_learned=(
                    "Mô hình thành công khi người dân được bàn bạc từ đầu và thấy lợi ích thiết thực; "
                    "cần tránh đăng ký lại mô hình cũ như mô hình mới; tăng cường kiểm tra giữa kỳ."
                ),
            )
        for initiative in made:
            initiative.refresh_from_db()
        return made

    def run_2026(self, campaign: Campaign, registering: list[Unit], history: list[Initiative]) -> None:
        year = 2026
        timeline = {
            "early": (_d(year, 1, 20), 45),
            "recent": (_d(year, 10, 12), 30),
            "inspect": (_d(year, 6, 1), 90),
            "request": (_d(year, 10, 5), 35),
            "score": (_d(year, 11, 12), 6),
            "decide": _d(year, 11, 20),
        }
        people, u = self.people, self.units
        staff_unit, staff2_unit = u["Ấp Phước Hanh A"], u["Khóm 4"]
        fixed = [Slot(unit=staff_unit, state=s, staff=people["staff"]) for s in STAFF_STATES]
        fixed += [Slot(unit=staff2_unit, state=s, staff=people["staff2"]) for s in STAFF2_STATES]
        # Registrations waiting for `member`: across the commune's hamlets and its Front.
        for name in (
            "Ấp Phước Hanh B",
            "Ấp Long Hòa",
            "Ấp Phước Hanh B",
            "Xã Long Hồ",
            "Ủy ban Mặt trận Tổ quốc xã Long Hồ",
        ):
            fixed.append(Slot(unit=u[name], state=State.SUBMITTED, staff=self.staff_of[u[name].pk]))
        units = list(registering)
        self.rnd.shuffle(units)
        slots = self.slots(STATES_2026, units, fixed)

        # Lineage: a maintained initiative continues its own unit's 2025 one; a replicated one copies another unit's recognized one.
        earlier_by_unit: dict[int, list[Initiative]] = {}
        for old in history:
            if old.state in (State.RECOGNIZED, State.APPROVED, State.NOT_RECOGNIZED):
                earlier_by_unit.setdefault(old.unit_id, []).append(old)
        recognized_2025 = [old for old in history if old.state == State.RECOGNIZED]
        used_2026: dict[int, set[str]] = {}
        for i, slot in enumerate(slots):
            used = used_2026.setdefault(slot.unit.pk, set(self.used_2025.get(slot.unit.pk, set())))
            mine = earlier_by_unit.get(slot.unit.pk)
            roll = self.rnd.random()
            if i < len(STAFF_STATES) and slot.state == State.APPROVED and mine:
                roll = 0.0  # the demo's `staff` shows a maintained initiative
            if mine and roll < 0.3:
                source = mine.pop()
                slot.origin, slot.source, slot.kind, slot.subject = (
                    Origin.MAINTAINED,
                    source,
                    source.kind,
                    source.subject,
                )
                slot.extras["base"] = self.base_of(source)
            elif 0.3 <= roll < 0.42:
                others = [r for r in recognized_2025 if r.unit_id != slot.unit.pk and r.kind == InitiativeKind.MODEL]
                source = self.rnd.choice(others)
                slot.origin, slot.source, slot.kind = Origin.REPLICATED, source, InitiativeKind.MODEL
                slot.extras["base"] = self.base_of(source)
            else:
                self.pick_base(slot, used)
            if slot.state == State.SUBMITTED and self.rnd.random() < 0.3:
                slot.extras["late"] = True

        recognized = []
        for slot in slots:
            initiative = self.drive(slot, campaign, timeline)
            if slot.state == State.RECOGNIZED:
                recognized.append(initiative)
        self.recognize(recognized, timeline["decide"], year)
        for initiative in recognized:
            initiative.refresh_from_db()
        self.commend(recognized[:3], _d(year, 11, 24), people["chair"])
        # One recognized initiative under a pending complaint: it may not be commended (Decree 152/2025, art. 4).
        Initiative.objects.filter(pk=recognized[-1].pk).update(pending_case=True)

    def base_of(self, source: Initiative):
        """The content pool entry an earlier initiative was made from (so a continuation reads alike)."""
        for code, bases in MODELS.items():
            for base in bases:
                if source.name.startswith(base[0]) or base[0] in source.name:
                    return (code, base)
        for entry in COLLECTIVES:
            if source.name.startswith(entry[1]):
                return entry
        for entry in INDIVIDUALS:
            if entry[1] in source.name:
                return entry
        return (source.field.code, MODELS["other"][0])

    # ----- the end ---------------------------------------------------------------------------------
    def print_logins(self) -> None:
        roles = {
            "admin": "Quản trị hệ thống",
            "chair": "Trưởng ban Chỉ đạo tỉnh",
            "secretary": "Cơ quan thường trực Ban Chỉ đạo tỉnh",
            "member": "Ủy viên Ban Chỉ đạo xã Long Hồ",
            "staff": "Cán bộ ấp Phước Hanh A (xã Long Hồ)",
            "staff2": "Cán bộ khóm 4 (phường Trà Vinh)",
        }
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu (mật khẩu chung):")
        self.stdout.write(f"  {'tên đăng nhập':<12} {'vai trò':<40} mật khẩu")
        for username, role in roles.items():
            self.stdout.write(f"  {username:<12} {role:<40} {PASSWORD}")


STAFF_STATES = [
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
]
STAFF2_STATES = [State.DRAFT, State.SUBMITTED, State.APPROVED, State.RECOGNIZED, State.RETURNED]
WITHDRAW = "Đơn vị sáp nhập địa bàn, xin rút đăng ký để đăng ký lại theo địa bàn mới."
RETURN_COMMENTS = [
    "Đề nghị ghi rõ địa chỉ thực hiện và số hộ tham gia; bổ sung mục tiêu có thể đo được.",
    "Nội dung giải pháp còn chung chung; đề nghị nêu cụ thể cách vận động nhân dân.",
    "Đề nghị bổ sung nguồn lực (kinh phí, ngày công) và người chịu trách nhiệm từng phần việc.",
]
REJECT_COMMENTS = [
    "Trùng với mô hình đơn vị đã đăng ký năm trước mà không có nội dung mới.",
    "Nội dung là nhiệm vụ chuyên môn thường xuyên, chưa phải mô hình dân vận khéo.",
]
DECLINE_COMMENTS = [
    "Kết quả chưa đạt mục tiêu đăng ký; điểm bình quân dưới ngưỡng công nhận.",
    "Minh chứng chưa thuyết phục; người dân tham gia chưa đông.",
]
PLAN_NOTES = [
    "Ban Chỉ đạo phân công cán bộ theo dõi, hỗ trợ; kiểm tra giữa kỳ vào tháng 7.",
    "Đồng ý triển khai; lồng ghép với chương trình xây dựng nông thôn mới; báo cáo tiến độ hằng quý.",
    "Thống nhất kế hoạch; đề nghị đơn vị lưu giữ hình ảnh, số liệu đầu kỳ để so sánh.",
]
RESULTS = [
    "Đạt và vượt các mục tiêu đã đăng ký; người dân đồng tình, tự nguyện tham gia; đã có đơn vị bạn đến học tập.",
    "Hoàn thành 100% mục tiêu; huy động được nguồn lực xã hội hóa lớn hơn dự kiến.",
    "Đạt phần lớn mục tiêu; mô hình được duy trì đều, có sổ sách, hình ảnh minh chứng đầy đủ.",
]
